import fs from 'node:fs';
import path from 'node:path';

import { REACT_EFFECT_HOOKS } from '../ast/index.js';
import { componentScript } from './components.js';
import type { TsParser } from './entries.js';
import { dependsOn, packageOf, projectModuleFile } from './packages.js';
import { loadTypeScript } from './reach.js';
import { readSmallText } from './resolve.js';

/**
 * Whether a component uses what it imports from a module only where the browser runs it. SvelteKit
 * (and Nuxt) render a component on the server first: the top level of its `<script>` and the
 * expressions of its markup (`{#await api.list()}`) run there, while event handlers (`onclick={…}`,
 * `on:click`, Vue's `@click`), `onMount` / `$effect` / `afterUpdate` (Vue's `onMounted`,
 * `onBeforeMount`, `onUpdated`) callbacks never do.
 */

/** Lifecycle functions whose callback never runs during server-side rendering (Svelte's `onDestroy` and Vue's `onUnmounted` do, or may: not listed). */
const BROWSER_CALLBACKS = new Set(['onMount', '$effect', '$effect.pre', 'afterUpdate', 'beforeUpdate', 'onMounted', 'onBeforeMount', 'onUpdated', 'onBeforeUpdate']);
/** An event attribute of the markup: Svelte 5 `onclick=`, Svelte 4 `on:click|preventDefault=`, Vue `@click.stop=`, `v-on:submit=`. */
const EVENT_ATTRIBUTE = /(?<=[\s<])(?:on[a-zA-Z]+|on:[\w|-]+|@[\w.:-]+|v-on:[\w.:-]+)\s*=\s*/g;
const MAX_BYTES = 512 * 1024;
/** How many local functions deep a use is followed to the code that calls it. */
const MAX_DEPTH = 4;

type TsNode = { kind: number; parent?: TsNode; [key: string]: unknown };

/**
 * Whether every use, in `component`, of the bindings it imports from `target` runs only in a browser:
 * each reference in its `<script>` sits in a function that is an event handler or a browser-only
 * lifecycle callback, or in a local function (`async function reorder() { … }`, `const save = async
 * () => …`) whose own uses are such — followed up to four functions deep, never exported, never
 * called at the top level; and the markup names none of them outside an event attribute. False when
 * the component cannot be read, imports the module by no static `import`, or without the
 * `typescript` package.
 */
export function usedOnlyInBrowser(component: string, target: string): boolean {
  const ts = loadTypeScript();
  const text = readSmallText(component, MAX_BYTES);
  if (ts === null || text === null) return false;
  const K = ts.SyntaxKind;
  const source = ts.createSourceFile('component.ts', componentScript(text), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const checked = browserOnlyUses(ts, source, component, target, (identifier) => {
    const parent = identifier.parent!;
    // A local function handed to a lifecycle function: `onMount(load)`.
    if (parent.kind === K.CallExpression && parent.expression !== identifier && BROWSER_CALLBACKS.has(calleeName(ts, parent.expression as TsNode))) return true;
    const outer = outermostFunction(ts, identifier);
    return outer === null ? false : browserUse(ts, outer);
  });
  if (checked === null) return false;
  const markup = markupOutsideEvents(text);
  return [...checked].every((name) => !new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(markup));
}

/**
 * Where a use runs, as a classifier tells for one identifier: `true` in the browser only, `false`
 * (also) on the server, or the name of the local function whose own uses decide.
 */
type UseClassifier = (identifier: TsNode) => boolean | string;

/**
 * The names whose uses were followed when every use of the bindings `file` imports from `target`
 * runs in the browser only, as `classify` tells, following local functions up to {@link MAX_DEPTH}
 * deep; null when one use may run on the server, one is nested deeper, or `file` imports nothing
 * from `target` by a static `import`.
 */
function browserOnlyUses(ts: TsParser, source: { statements: readonly TsNode[] }, file: string, target: string, classify: UseClassifier): Set<string> | null {
  const imported = importedBindings(ts, source, file, target);
  if (imported.size === 0) return null;
  const references = identifiersOf(ts, source);
  const checked = new Set<string>();
  const queue = [...imported].map((name) => ({ name, depth: 0 }));
  while (queue.length > 0) {
    const { name, depth } = queue.pop()!;
    if (checked.has(name)) continue;
    checked.add(name);
    for (const identifier of references.get(name) ?? []) {
      if (namesNoUse(ts, identifier)) continue;
      const use = classify(identifier);
      if (use === false) return null;
      if (typeof use === 'string') {
        if (depth + 1 > MAX_DEPTH) return null;
        queue.push({ name: use, depth: depth + 1 });
      }
    }
  }
  return checked;
}

/** The value bindings `file`'s static imports take from `target` (default, named, namespace; not `import type`). */
function importedBindings(ts: TsParser, source: { statements: readonly TsNode[] }, file: string, target: string): Set<string> {
  const K = ts.SyntaxKind;
  const imported = new Set<string>();
  for (const statement of source.statements) {
    if (statement.kind !== K.ImportDeclaration) continue;
    const specifier = statement.moduleSpecifier as TsNode & { text?: string };
    if (typeof specifier.text !== 'string' || projectModuleFile(file, specifier.text) !== target) continue;
    const clause = statement.importClause as TsNode | undefined;
    if (clause === undefined || clause.isTypeOnly === true) continue;
    if (clause.name) imported.add(nameOf(clause.name));
    const bindings = clause.namedBindings as TsNode | undefined;
    if (bindings === undefined) continue;
    if (bindings.kind === K.NamespaceImport) imported.add(nameOf(bindings.name));
    else if (bindings.kind === K.NamedImports) for (const element of bindings.elements as TsNode[]) if (element.isTypeOnly !== true) imported.add(nameOf(element.name));
  }
  imported.delete('');
  return imported;
}

/**
 * Whether an identifier is no use of the binding its name may hold: the binding's own declaration
 * (its import, the local function or variable it names) or a property or attribute name (`x.list`,
 * `{ list: 1 }`, `<button list={…}>`).
 */
function namesNoUse(ts: TsParser, identifier: TsNode): boolean {
  const K = ts.SyntaxKind;
  const parent = identifier.parent!;
  if (parent.kind === K.ImportSpecifier || parent.kind === K.ImportClause || parent.kind === K.NamespaceImport) return true;
  if ((parent.kind === K.FunctionDeclaration || parent.kind === K.VariableDeclaration) && parent.name === identifier) return true;
  return (parent.kind === K.PropertyAccessExpression || parent.kind === K.PropertyAssignment || parent.kind === K.JsxAttribute) && parent.name === identifier;
}

const nameOf = (node: unknown): string => ((node as { text?: unknown } | undefined)?.text as string | undefined) ?? '';

/** Every identifier of the script by name. */
function identifiersOf(ts: TsParser, source: { statements: readonly TsNode[] }): Map<string, TsNode[]> {
  const found = new Map<string, TsNode[]>();
  const visit = (node: TsNode): void => {
    if (node.kind === ts.SyntaxKind.Identifier && typeof node.text === 'string') found.set(node.text, [...(found.get(node.text) ?? []), node]);
    ts.forEachChild(node, visit);
  };
  for (const statement of source.statements) visit(statement);
  return found;
}

const FUNCTION_KINDS = ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunction', 'MethodDeclaration', 'GetAccessor', 'SetAccessor', 'Constructor'];

/** The function of the script's top level that holds `node`, or null when it runs at the top level. */
function outermostFunction(ts: TsParser, node: TsNode): TsNode | null {
  const kinds = new Set(FUNCTION_KINDS.map((kind) => ts.SyntaxKind[kind]));
  let outer: TsNode | null = null;
  for (let current = node.parent; current; current = current.parent) if (kinds.has(current.kind)) outer = current;
  return outer;
}

/**
 * What a top-level function of the script is: `true` when it is a browser-only callback (an argument
 * of `onMount(…)`, `$effect(…)`), the name of the local function it declares (`function save() {}`,
 * `const save = () => …`, not exported) whose uses decide, `false` for anything else (an IIFE, a
 * callback of another call, an exported function, an object's method).
 */
function browserUse(ts: TsParser, fn: TsNode): boolean | string {
  const K = ts.SyntaxKind;
  const parent = fn.parent!;
  if (parent.kind === K.CallExpression && parent.expression !== fn) return BROWSER_CALLBACKS.has(calleeName(ts, parent.expression as TsNode));
  const exported = (node: TsNode): boolean => ((node.modifiers as TsNode[] | undefined) ?? []).some((modifier) => modifier.kind === K.ExportKeyword);
  if (fn.kind === K.FunctionDeclaration && parent.kind === K.SourceFile) return exported(fn) ? false : nameOf(fn.name) || false;
  if (parent.kind === K.VariableDeclaration && parent.initializer === fn && (parent.name as TsNode).kind === K.Identifier) {
    const statement = parent.parent?.parent;
    if (statement === undefined || statement.kind !== K.VariableStatement || statement.parent?.kind !== K.SourceFile || exported(statement)) return false;
    return nameOf(parent.name);
  }
  return false;
}

function calleeName(ts: TsParser, callee: TsNode): string {
  if (callee.kind === ts.SyntaxKind.Identifier) return nameOf(callee);
  if (callee.kind === ts.SyntaxKind.PropertyAccessExpression && (callee.expression as TsNode).kind === ts.SyntaxKind.Identifier) return `${nameOf(callee.expression)}.${nameOf(callee.name)}`;
  return '';
}

/** The markup of a component without its script and style blocks, HTML comments and the values of its event attributes. */
function markupOutsideEvents(text: string): string {
  const markup = text.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<(script|style)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>/gi, ' ');
  let out = '';
  let last = 0;
  for (const match of markup.matchAll(EVENT_ATTRIBUTE)) {
    if (match.index < last) continue;
    const start = match.index + match[0].length;
    const end = valueEnd(markup, start);
    out += markup.slice(last, match.index);
    last = end;
  }
  return out + markup.slice(last);
}

/** Where an attribute value that starts at `start` ends: a `{…}` with nested braces, or a quoted string. */
function valueEnd(text: string, start: number): number {
  const open = text[start];
  if (open === '"' || open === "'") {
    const close = text.indexOf(open, start + 1);
    return close === -1 ? text.length : close + 1;
  }
  if (open !== '{') return start;
  let depth = 0;
  for (let index = start; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index + 1;
  }
  return text.length;
}

/** Next.js pages-router files that run only on the server: the document shell and Next 12's middleware. */
const SERVER_ONLY_PAGES = /^_(?:document|middleware)$/;
/** The extensions Next.js reads pages from by default (`pageExtensions`). */
const PAGE_EXTENSIONS = new Set(['.tsx', '.ts', '.jsx', '.js']);

/**
 * Whether a file is a page of Next.js's pages router: a module under `pages/` (or `src/pages/` when
 * no `pages/` sits beside it) of a package that depends on `next`, outside `pages/api/` (API routes
 * run on the server) and not `pages/_document` or `pages/_middleware` (server only). Such a module
 * runs on both sides: its data-fetching functions (`getServerSideProps`, `getStaticProps`,
 * `getInitialProps`) and its render on the server, its event handlers and effects in the browser.
 */
export function isNextPage(file: string): boolean {
  const inPages = pagesPath(file, true);
  if (inPages === null || inPages.length === 0 || inPages[0] === 'api') return false;
  return !(inPages.length === 1 && SERVER_ONLY_PAGES.test(path.basename(file, path.extname(file))));
}

/**
 * Whether a file lies in a pages-router folder (`pages/` or `src/pages/`) of a package that depends on
 * `next`, whatever Next.js makes of it: a page, an API route, `_document`, or a `src/pages/` file that a
 * `pages/` beside it leaves unread.
 */
export function inNextPagesFolder(file: string): boolean {
  return pagesPath(file, false) !== null;
}

/** The path segments of a file below its Next.js package's pages folder; `onlyRead`: only the folder Next.js reads. */
function pagesPath(file: string, onlyRead: boolean): string[] | null {
  if (!path.isAbsolute(file) || !PAGE_EXTENSIONS.has(path.extname(file))) return null;
  const pkg = packageOf(file);
  if (pkg === null || !dependsOn(pkg, 'next')) return null;
  const parts = path.relative(pkg.dir, file).split(path.sep);
  if (parts[0] === 'pages') return parts.slice(1);
  if (parts[0] === 'src' && parts[1] === 'pages' && (!onlyRead || !fs.existsSync(path.join(pkg.dir, 'pages')))) return parts.slice(2);
  return null;
}

/** React's effect hooks ({@link REACT_EFFECT_HOOKS}), by name or as a member of `React`. */
const REACT_EFFECTS = new Set(REACT_EFFECT_HOOKS.flatMap((hook) => [hook, `React.${hook}`]));
/** `useCallback(fn, deps)` returns `fn` itself: the name it is bound to decides. */
const REACT_CALLBACKS = new Set(['useCallback', 'React.useCallback']);

/**
 * Whether every use, in a Next.js pages-router page ({@link isNextPage}), of the bindings it imports
 * from `target` runs only in the browser: each reference sits in a function that is an event handler
 * of a DOM element (`<button onClick={…}>`; a component's `onX` prop may be called while it renders)
 * or an effect callback (`useEffect(() => { … })`), however deeply nested in it, or in a local
 * function (`const closeTask = async () => …`, `function fetchData() {}`, a `useCallback` bound to a
 * `const`) whose own uses are such — followed up to four functions deep, never exported. A use in the
 * render, in `getServerSideProps` / `getStaticProps` (exported) or in `Page.getInitialProps` (the
 * first load runs it on the server) runs on the server. False when the page cannot be read, imports
 * the module by no static `import`, or without the `typescript` package.
 */
export function usedOnlyInBrowserByPage(page: string, target: string): boolean {
  if (!isNextPage(page)) return false;
  const ts = loadTypeScript();
  const text = readSmallText(page, MAX_BYTES);
  if (ts === null || text === null) return false;
  const extension = path.extname(page);
  const kind = extension === '.tsx' ? ts.ScriptKind.TSX : extension === '.ts' ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const source = ts.createSourceFile(path.basename(page), text, ts.ScriptTarget.Latest, true, kind);
  return browserOnlyUses(ts, source, page, target, (identifier) => reactBrowserUse(ts, identifier)) !== null;
}

/**
 * Where a use in a React page runs: `true` when it is, or sits in, a DOM event handler or an effect
 * callback; the name of the innermost local function around it whose uses decide; `false` otherwise
 * (the render, an exported function, a method, the top level).
 */
function reactBrowserUse(ts: TsParser, identifier: TsNode): boolean | string {
  const K = ts.SyntaxKind;
  const functions = new Set(FUNCTION_KINDS.map((kind) => K[kind]));
  if (browserOnlyCallback(ts, identifier)) return true;
  for (let node = identifier.parent; node; node = node.parent) {
    if (!functions.has(node.kind)) continue;
    if (browserOnlyCallback(ts, node)) return true;
    const named = localFunctionName(ts, node);
    if (named !== null) return named;
  }
  return false;
}

/** A function (or a function's name) that is the value of a DOM element's event handler or an effect hook's callback. */
function browserOnlyCallback(ts: TsParser, node: TsNode): boolean {
  const K = ts.SyntaxKind;
  let value = node;
  while (value.parent !== undefined && value.parent.kind === K.ParenthesizedExpression) value = value.parent;
  const parent = value.parent;
  if (parent === undefined) return false;
  if (parent.kind === K.CallExpression) return (parent.arguments as TsNode[])[0] === value && REACT_EFFECTS.has(calleeName(ts, parent.expression as TsNode));
  if (parent.kind !== K.JsxExpression || parent.expression !== value) return false;
  const attribute = parent.parent;
  if (attribute === undefined || attribute.kind !== K.JsxAttribute || !/^on[A-Z]/.test(nameOf(attribute.name))) return false;
  const element = attribute.parent?.parent;
  if (element === undefined || (element.kind !== K.JsxOpeningElement && element.kind !== K.JsxSelfClosingElement)) return false;
  const tag = element.tagName as TsNode;
  return tag.kind === K.Identifier && /^[a-z]/.test(nameOf(tag));
}

/**
 * The name a local function is bound to, when its uses are all there is to it: `function f() {}` or
 * `const f = () => …` (also `const f = useCallback(() => …, deps)`), not exported; null otherwise.
 */
function localFunctionName(ts: TsParser, fn: TsNode): string | null {
  const K = ts.SyntaxKind;
  const exported = (node: TsNode): boolean => ((node.modifiers as TsNode[] | undefined) ?? []).some((modifier) => modifier.kind === K.ExportKeyword || modifier.kind === K.DefaultKeyword);
  if (fn.kind === K.FunctionDeclaration) return exported(fn) ? null : nameOf(fn.name) || null;
  let value = fn;
  const call = fn.parent;
  if (call !== undefined && call.kind === K.CallExpression && (call.arguments as TsNode[])[0] === fn && REACT_CALLBACKS.has(calleeName(ts, call.expression as TsNode))) value = call;
  const declaration = value.parent;
  if (declaration === undefined || declaration.kind !== K.VariableDeclaration || declaration.initializer !== value || (declaration.name as TsNode).kind !== K.Identifier) return null;
  const statement = declaration.parent?.parent;
  if (statement === undefined || statement.kind !== K.VariableStatement || exported(statement)) return null;
  return nameOf(declaration.name) || null;
}
