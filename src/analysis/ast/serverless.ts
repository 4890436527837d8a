import { existsSync } from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { manifestIn, nearestManifest } from './manifest.js';
import { getPropertyName, isFunction, propertyKey } from './nodes.js';

/** A platform that ends every invocation at its own time limit. */
export type ServerlessPlatform = 'vercel' | 'netlify' | 'cloudflare';

/** Wrangler's configuration files: their folder is a Cloudflare Workers project. */
const WRANGLER_FILES = ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc'];
/** The handlers of a Workers module (`export default { fetch, scheduled }`). */
const WORKER_HANDLERS = new Set(['fetch', 'scheduled', 'queue', 'email', 'tail']);

/**
 * The serverless platform a module runs on, where the file or its project proves it; null for a
 * long-running process (or when unknown). The platform ends an invocation at its limit, so a hung
 * request cannot hold a process forever.
 * - Cloudflare Workers: the module exports `{ fetch }` (`export default { async fetch(req, env) {…} }`),
 *   or its project folder (from the file's folder up to the nearest package.json) holds a
 *   `wrangler.toml`/`wrangler.json`/`wrangler.jsonc`: every module of a Worker runs in the isolate.
 * - Vercel functions: a module in the `api/` folder of its project (next to package.json) whose
 *   default export is a `(req, res)` handler: `export default function handler(req, res)`,
 *   `module.exports = async (req, res) => …`; and a Next.js route of a project that deploys to Vercel
 *   (a `vercel.json` next to its package.json, or a `vercel` dependency): an App Router route file
 *   (`app/…/route.ts`, also under `src/`) that exports an HTTP-verb function (`export async function POST`),
 *   or a `pages/api/…` module whose default export is a `(req, res)` handler.
 * - Netlify functions: a module under `netlify/functions/` that exports `handler`.
 * The project's name is never looked at.
 */
export function serverlessPlatform(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): ServerlessPlatform | null {
  const program = sourceCode.ast;
  let answers = platformAnswers.get(program);
  if (!answers) platformAnswers.set(program, (answers = new Map<string, ServerlessPlatform | null>()));
  let answer = answers.get(filename);
  if (answer === undefined) {
    answer = platformOf(program, filename);
    answers.set(filename, answer);
  }
  return answer;
}

const platformAnswers = new WeakMap<TSESTree.Program, Map<string, ServerlessPlatform | null>>();

function platformOf(program: TSESTree.Program, filename: string): ServerlessPlatform | null {
  const exported = defaultExport(program);
  if (exported?.type === AST_NODE_TYPES.ObjectExpression && exported.properties.some((p) => p.type === AST_NODE_TYPES.Property && WORKER_HANDLERS.has(propertyKey(p) ?? ''))) {
    return 'cloudflare';
  }
  if (!path.isAbsolute(filename)) return null;
  const manifest = nearestManifest(filename);
  const root = manifest ? path.dirname(manifest.file) : null;
  if (root !== null && wranglerBetween(path.dirname(filename), root)) return 'cloudflare';
  const folders = path.relative(root ?? path.parse(filename).root, filename).split(path.sep).slice(0, -1);
  if (root !== null && folders[0] === 'api' && isRequestHandler(exported, program)) return 'vercel';
  if (root !== null && isNextRoute(folders, path.basename(filename), exported, program) && deploysToVercel(root)) return 'vercel';
  const at = folders.indexOf('netlify');
  if (at !== -1 && folders[at + 1] === 'functions' && exportsHandler(program)) return 'netlify';
  return null;
}

/** The HTTP verbs a Next.js App Router route file exports its handlers under. */
const ROUTE_VERBS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * A Next.js route: `app/…/route.{ts,js}` (or under `src/`) exporting an HTTP-verb function, or a
 * `pages/api/…` module whose default export is a `(req, res)` handler. `folders` are project-relative.
 */
function isNextRoute(folders: readonly string[], base: string, exported: TSESTree.Node | null, program: TSESTree.Program): boolean {
  const at = folders[0] === 'src' ? 1 : 0;
  if (folders[at] === 'app') return /^route\.[cm]?[jt]sx?$/.test(base) && exportsVerb(program);
  return folders[at] === 'pages' && folders[at + 1] === 'api' && isRequestHandler(exported, program);
}

/** `export async function POST(…)`, `export const GET = …`, `export { handler as POST }`. */
function exportsVerb(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration) return false;
    const declaration = statement.declaration;
    if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return ROUTE_VERBS.has(declaration.id?.name ?? '');
    if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
      return declaration.declarations.some((d) => d.id.type === AST_NODE_TYPES.Identifier && ROUTE_VERBS.has(d.id.name));
    }
    return statement.specifiers.some((s) => s.exported.type === AST_NODE_TYPES.Identifier && ROUTE_VERBS.has(s.exported.name));
  });
}

/** A project that deploys to Vercel: a `vercel.json` next to its package.json, or a `vercel` dependency. */
function deploysToVercel(root: string): boolean {
  let known = vercelProjects.get(root);
  if (known === undefined) {
    known = existsSync(path.join(root, 'vercel.json')) || manifestIn(root)?.dependencies.vercel !== undefined;
    vercelProjects.set(root, known);
  }
  return known;
}

/** Project folders known to deploy (or not) to Vercel: a pure memo per process. */
const vercelProjects = new Map<string, boolean>();

/** Whether a wrangler file sits in `directory` or a folder above it, up to `root`. */
function wranglerBetween(directory: string, root: string): boolean {
  for (let current = directory; ; current = path.dirname(current)) {
    const known = wranglerFolders.get(current);
    const found = known ?? WRANGLER_FILES.some((name) => existsSync(path.join(current, name)));
    wranglerFolders.set(current, found);
    if (found) return true;
    if (current === root || path.dirname(current) === current || !current.startsWith(root)) return false;
  }
}

/** Folders known to hold (or not) a wrangler file: a pure memo per process. */
const wranglerFolders = new Map<string, boolean>();

/** `export default X` or `module.exports = X`: X, or null. */
function defaultExport(program: TSESTree.Program): TSESTree.Node | null {
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) return statement.declaration;
    if (
      statement.type === AST_NODE_TYPES.ExpressionStatement &&
      statement.expression.type === AST_NODE_TYPES.AssignmentExpression &&
      statement.expression.left.type === AST_NODE_TYPES.MemberExpression &&
      statement.expression.left.object.type === AST_NODE_TYPES.Identifier &&
      statement.expression.left.object.name === 'module' &&
      getPropertyName(statement.expression.left) === 'exports'
    ) {
      return statement.expression.right;
    }
  }
  return null;
}

/** A function of `(req, res)`, or a local function declaration of one exported by name. */
function isRequestHandler(node: TSESTree.Node | null, program: TSESTree.Program): boolean {
  if (node?.type === AST_NODE_TYPES.Identifier) {
    return program.body.some(
      (statement) => statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id?.name === node.name && statement.params.length === 2,
    );
  }
  return node !== null && isFunction(node) && node.params.length === 2;
}

/** `export const handler = …`, `export async function handler`, `exports.handler = …`, `module.exports.handler = …`. */
function exportsHandler(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration) return declaration.id?.name === 'handler';
      if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        return declaration.declarations.some((d) => d.id.type === AST_NODE_TYPES.Identifier && d.id.name === 'handler');
      }
      return statement.specifiers.some((s) => s.exported.type === AST_NODE_TYPES.Identifier && s.exported.name === 'handler');
    }
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) return false;
    const left = statement.expression.left;
    return left.type === AST_NODE_TYPES.MemberExpression && getPropertyName(left) === 'handler';
  });
}
