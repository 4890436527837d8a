import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { exportedValue, exportsName, functionOf, manifestIn, nearestManifest, propertyKey, resolveObject } from '../ast/index.js';
import { packageEntries } from './entries.js';
import { dependsOn, packageOf, readJsonc, resolveEntry, type PackageInfo } from './packages.js';
import { reachedFrom } from './reach.js';
import { isSource, listProjectFiles, readSmallText, resolveFile } from './resolve.js';
import { runsAtLeast } from './versions.js';

/** A platform that ends every invocation at its own time limit. */
export type ServerlessPlatform = 'vercel' | 'netlify' | 'cloudflare' | 'supabase' | 'netlify-edge' | 'firebase' | 'aws-lambda';

/**
 * The serverless platforms' conventions, known in this one table: the entry points (what runs,
 * `entries.ts`) and the platform a module runs on (what ends an invocation, {@link serverlessPlatform})
 * both read it.
 */
export const PLATFORM_CONVENTIONS = {
  /** Wrangler's configuration files: their folder is a Cloudflare Workers project; `main` is its entry. */
  wranglerFiles: ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc'],
  /** The handlers of a Workers module (`export default { fetch, scheduled }`). */
  workerHandlers: new Set(['fetch', 'scheduled', 'queue', 'email', 'tail']),
  /**
   * Folders, relative to the project root (the nearest package.json, or the folder holding `marker`),
   * whose every module is a function the platform runs. `function`: how a module there proves to be
   * one — a `(req, res)` default export (Vercel), an exported `handler` (Netlify); its place for the
   * Deno edge runtimes: `folder`, a module in a subfolder (`supabase/functions/<name>/index.ts`),
   * `module`, a module in the folder or a subfolder (`netlify/edge-functions/geo.ts`) — a `_` folder
   * (`_shared/`) or a file beside the function folders holds helpers ({@link edgeFunctionModule}).
   */
  functionFolders: [
    { folder: 'api', platform: 'vercel', function: 'request-handler', marker: null },
    { folder: 'netlify/functions', platform: 'netlify', function: 'handler', marker: null },
    { folder: 'netlify/edge-functions', platform: 'netlify-edge', function: 'module', marker: 'netlify.toml' },
    { folder: 'supabase/functions', platform: 'supabase', function: 'folder', marker: 'supabase/config.toml' },
  ],
  /**
   * Firebase's configuration file (`firebase.json`) and the folder its `functions.source` defaults to:
   * the package there is deployed as Cloud Functions.
   */
  firebase: { config: 'firebase.json', functionsSource: 'functions' },
  /**
   * AWS Lambda's signs in a project ({@link runsOnlyInLambda}). `configs`: deployment configurations
   * whose every function is a Lambda function — the Serverless Framework's (`serverless.yml`), a CDK
   * app (`cdk.json`); `templates`: a SAM or CloudFormation template, a sign when it declares a
   * function (`AWS::Serverless::Function`, `AWS::Lambda::Function`); `packages`: packages that exist
   * only to write, wrap or deploy Lambda handlers; `clients`: the AWS SDK, which servers use as
   * often (S3 uploads, DynamoDB), so a sign only for a package nothing else starts.
   */
  awsLambda: {
    configs: ['serverless.yml', 'serverless.yaml', 'serverless.ts', 'serverless.js', 'serverless.json', 'cdk.json'],
    templates: ['template.yaml', 'template.yml', 'template.json'],
    packages: ['@types/aws-lambda', 'aws-lambda', 'serverless', 'serverless-http', '@vendia/serverless-express', '@codegenie/serverless-express', 'aws-serverless-express', '@middy/core'],
    clients: /^(?:aws-sdk|@aws-sdk\/[\w.-]+)$/,
  },
  /** The HTTP verbs a Next.js App Router route file (`app/…/route.ts`) exports its handlers under. */
  routeVerbs: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
} as const satisfies {
  wranglerFiles: readonly string[];
  workerHandlers: ReadonlySet<string>;
  routeVerbs: readonly string[];
  firebase: { config: string; functionsSource: string };
  awsLambda: { configs: readonly string[]; templates: readonly string[]; packages: readonly string[]; clients: RegExp };
  functionFolders: readonly { folder: string; platform: ServerlessPlatform; function: 'request-handler' | 'handler' | 'folder' | 'module'; marker: string | null }[];
};

/**
 * The serverless platform a module runs on, where the file or its project proves it; null for a
 * long-running process (or when unknown). The platform ends an invocation at its limit, so a hung
 * request cannot hold a process forever.
 * - Cloudflare Workers: the module exports `{ fetch }` (`export default { async fetch(req, env) {…} }`),
 *   or its project folder (from the file's folder up to the nearest package.json) holds a
 *   `wrangler.toml`/`wrangler.json`/`wrangler.jsonc`: every module of a Worker runs in the isolate.
 * - Vercel functions: a module in the `api/` folder of its project (next to package.json) whose
 *   default export is a `(req, res)` handler: `export default function handler(req, res)`,
 *   `module.exports = async (req, res) => …`, `const handler = (req, res) => …; export default handler`.
 * - Netlify functions: a module in the `netlify/functions/` folder of its project that exports
 *   `handler` (in any form {@link exportsName} knows: `export const handler`, `module.exports = { handler }`,
 *   `export { handler } from './impl'`).
 * - Next.js routes of a project that deploys to Vercel (a `vercel.json` next to its package.json,
 *   a `vercel` dependency, or a route that sets `maxDuration`): an App Router route file (`app/…/route.ts`, also under `src/`) that
 *   exports an HTTP-verb function (`export async function POST`), or a `pages/api/…` module whose
 *   default export is a `(req, res)` handler. A Next.js project without a Vercel marker may run
 *   `next start`, a long-running server.
 * - Any module of a project that deploys to Vercel that only its functions reach ({@link onlyFunctionsReach}).
 * - AWS Lambda: a module of a package with a sign of Lambda that exports its handler, or that only
 *   such handlers reach ({@link runsOnlyInLambda}).
 * - Supabase Edge Functions (Deno; the platform ends an invocation at its wall-clock limit, 150 s on
 *   the free plan, 400 s on paid plans) and Netlify Edge Functions: a module of `supabase/functions/<name>/`
 *   or `netlify/edge-functions/`, in a project folder with a package.json or the platform's own
 *   configuration (`supabase/config.toml`, `netlify.toml`), or a helper there (`_shared/`) that only
 *   those functions reach ({@link edgeFunctionModule}).
 * The project's name is never looked at.
 */
export function serverlessPlatform(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): ServerlessPlatform | null {
  const program = sourceCode.ast;
  let answers = platformAnswers.get(program);
  if (!answers) platformAnswers.set(program, (answers = new Map<string, ServerlessPlatform | null>()));
  let answer = answers.get(filename);
  if (answer === undefined) {
    answer = platformOf(sourceCode, filename);
    answers.set(filename, answer);
  }
  return answer;
}

const platformAnswers = new WeakMap<TSESTree.Program, Map<string, ServerlessPlatform | null>>();

function platformOf(sourceCode: Readonly<TSESLint.SourceCode>, filename: string): ServerlessPlatform | null {
  const program = sourceCode.ast;
  const exported = exportedValue(program, 'default');
  if (
    exported?.type === AST_NODE_TYPES.ObjectExpression &&
    exported.properties.some((p) => p.type === AST_NODE_TYPES.Property && PLATFORM_CONVENTIONS.workerHandlers.has(propertyKey(p) ?? ''))
  ) {
    return 'cloudflare';
  }
  if (!path.isAbsolute(filename)) return null;
  const edge = edgeFunctionModule(filename);
  if (edge !== null) return edge;
  const manifest = nearestManifest(filename);
  if (!manifest) return null;
  const root = path.dirname(manifest.file);
  if (wranglerBetween(path.dirname(filename), root)) return 'cloudflare';
  const relative = path.relative(root, filename).split(path.sep).join('/');
  for (const { folder, platform, function: kind } of PLATFORM_CONVENTIONS.functionFolders) {
    if ((kind !== 'request-handler' && kind !== 'handler') || !relative.startsWith(`${folder}/`)) continue;
    const isFunction = kind === 'request-handler' ? isVercelFunction(exported, sourceCode, root) : exportsName(program, 'handler');
    if (isFunction) return platform;
  }
  if (runsOnlyInFirebaseFunctions(root, filename)) return 'firebase';
  if (runsOnlyInLambda(root, filename, sourceCode)) return 'aws-lambda';
  if (isNextRoute(relative, exported, sourceCode) && (exportsName(program, 'maxDuration') || deploysToVercel(root))) return 'vercel';
  return deploysToVercel(root) && onlyFunctionsReach(root, filename) ? 'vercel' : null;
}

/**
 * The edge platform (Supabase, Netlify Edge) that runs a module, or null. The module lies below a
 * conventional functions folder (`supabase/functions`, `netlify/edge-functions`) of a project folder
 * that has a package.json or the platform's configuration file (`supabase/config.toml`), and it is
 * - in a function's place (`supabase/functions/<name>/…`, any module of `netlify/edge-functions/`
 *   outside a `_` folder): the platform deploys it as, or bundled into, a function;
 * - or a helper (`supabase/functions/_shared/cors.ts`, a file beside the function folders) that the
 *   module graph ({@link reachedFrom}) reaches from those functions and from no module outside the
 *   folder that imports into it (test files, `*.test.ts` and `__tests__/`, aside). Unknown (a walk
 *   that cannot be followed): null, so the module is checked.
 */
function edgeFunctionModule(filename: string): ServerlessPlatform | null {
  const posix = filename.split(path.sep).join('/');
  for (const { folder, platform, function: kind, marker } of PLATFORM_CONVENTIONS.functionFolders) {
    if (kind !== 'folder' && kind !== 'module') continue;
    const at = posix.lastIndexOf(`/${folder}/`);
    if (at < 0) continue;
    const project = filename.slice(0, at);
    const dir = path.join(project, folder);
    if (!existsSync(path.join(project, 'package.json')) && (marker === null || !existsSync(path.join(project, marker)))) continue;
    if (inFunctionPlace(path.relative(dir, filename), kind)) return platform;
    let known = edgeModules.get(dir);
    if (known === undefined) {
      known = modulesOnlyEdgeFunctionsRun(dir, project, kind);
      edgeModules.set(dir, known);
    }
    return known?.has(filename) === true ? platform : null;
  }
  return null;
}

/** Whether a path inside an edge functions folder is a function's own module (`<name>/index.ts`; for `module`, also `geo.ts`), not a helper (`_shared/…`). */
function inFunctionPlace(relative: string, kind: 'folder' | 'module'): boolean {
  const segments = relative.split(path.sep);
  return (kind === 'module' || segments.length >= 2) && !segments[0]!.startsWith('_');
}

/** A test file: a test runner loads it, no host runs it. */
const TEST_FILE = /(?:^|[\\/])__tests__[\\/]|\.(?:test|spec)\.[cm]?[jt]sx?$/;

function modulesOnlyEdgeFunctionsRun(dir: string, project: string, kind: 'folder' | 'module'): ReadonlySet<string> | null {
  const functions = listProjectFiles(dir, isSource).filter((file) => inFunctionPlace(path.relative(dir, file), kind));
  const fromFunctions = reachedFrom(functions);
  if (fromFunctions === null) return null;
  // A module outside imports into the folder only by a path that names it: `'../supabase/functions/_shared/db.ts'`.
  const names = new RegExp(`['"\`][^'"\`\\n]*\\b${path.basename(dir).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}/`);
  const outside = listProjectFiles(project, isSource).filter(
    (file) => !file.startsWith(dir + path.sep) && !TEST_FILE.test(path.relative(project, file)) && names.test(readSmallText(file, 512 * 1024) ?? ''),
  );
  const fromOutside = reachedFrom(outside);
  if (fromOutside === null) return null;
  return new Set([...fromFunctions].filter((file) => file.startsWith(dir + path.sep) && !fromOutside.has(file)));
}

/** Per edge functions folder, the modules only its functions run (null: not known): a pure memo per process. */
const edgeModules = new Map<string, ReadonlySet<string> | null>();

/** The Next.js folders whose every module Vercel runs as a function (pages, routes, the code they import). */
const NEXT_FOLDERS = ['app', 'pages', 'src/app', 'src/pages'];

/**
 * Whether a module of a project that deploys to Vercel runs only inside Vercel functions: the module
 * graph ({@link reachedFrom}) reaches it from a file Vercel runs (any module in `api/`, or in the
 * Next.js folders when the project depends on `next`) and from no other entry a host may run
 * (`Entries.deployed`: every entry but a file only a development script names, `"dev": "ts-node
 * src/index.ts"` polling on the developer's machine). False when the package's entries are
 * not known or a walk cannot be followed.
 */
function onlyFunctionsReach(root: string, filename: string): boolean {
  return amongModules(functionModules, root, filename, modulesOnlyFunctionsRun);
}

function modulesOnlyFunctionsRun(root: string): ReadonlySet<string> | null {
  const pkg = packageOf(path.join(root, 'package.json'));
  if (pkg?.dir !== root) return null;
  const entries = packageEntries(pkg);
  if (entries.open !== null) return null;
  const folders = ['api', ...(dependsOn(pkg, 'next') ? NEXT_FOLDERS : [])].map((folder) => path.join(root, folder));
  const runsAsFunction = (file: string): boolean => folders.some((folder) => file.startsWith(folder + path.sep));
  // An entry Vercel runs as its function that starts a long-running process only off Vercel
  // (`if (!process.env.VERCEL) app.listen(3000)`): a host runs it only through a deployment setting.
  const folderFunctions = folders.flatMap((folder) => listProjectFiles(folder, isSource));
  const fromFolders = reachedFrom(folderFunctions);
  const vercelEntries = existsSync(path.join(root, 'vercel.json'))
    ? entries.deployed.filter((file) => !entries.hosted.includes(file) && startsOnlyOffVercel(file, fromFolders?.has(file) === true))
    : [];
  const functions = [...folderFunctions, ...vercelEntries];
  const hosted = [
    ...entries.deployed.filter((file) => !runsAsFunction(file) && !vercelEntries.includes(file)),
    ...entries.folders.filter((folder) => !folders.includes(folder)).flatMap((folder) => listProjectFiles(folder, isSource)),
  ];
  const fromFunctions = reachedFrom(functions);
  const fromHosts = reachedFrom(hosted);
  if (fromFunctions === null || fromHosts === null) return null;
  return new Set([...fromFunctions].filter((file) => !fromHosts.has(file)));
}

/** The value of NODE_ENV in a guard: `process.env.NODE_ENV`, or a `const` that holds it (`ENVIRONMENT`, {@link nodeEnvConst}). */
const NODE_ENV = String.raw`(?:process\.env\.NODE_ENV|[A-Za-z_$][\w$]*)`;
/** A condition true only off production: `process.env.NODE_ENV !== 'production'`, `ENVIRONMENT === 'development'`. */
const OFF_PRODUCTION = [
  new RegExp(String.raw`^(?<env>${NODE_ENV})\s*!==?\s*(['"\x60])production\2$`),
  new RegExp(String.raw`^(['"\x60])production\1\s*!==?\s*(?<env>${NODE_ENV})$`),
  new RegExp(String.raw`^(?<env>${NODE_ENV})\s*===?\s*(['"\x60])(?:development|dev|local)\2$`),
];
/** A condition true only off Vercel: `!process.env.VERCEL`, `process.env.VERCEL !== '1'`. */
const OFF_VERCEL = [
  /^!\s*process\.env\.VERCEL(?:_ENV|_URL)?$/,
  /^process\.env\.VERCEL\s*!==?\s*(['"`])1\1$/,
];
/** A value true only in production or on Vercel: `process.env.NODE_ENV === 'production'`, `!!process.env.VERCEL`. */
const IN_PRODUCTION = String.raw`(?:process\.env\.NODE_ENV\s*===?\s*(['"\x60])production\1|(?:!!\s*|Boolean\(\s*)?process\.env\.VERCEL(?:_ENV|_URL)?\b)`;
/** A named export: `exports.startVercel =`, `module.exports.handle =`, `export const`, `export async function`. */
const NAMED_EXPORT = /(?:^|[^.\w$])(?:module\.)?exports\.[A-Za-z_$][\w$]*\s*=(?!=)|^export\s+(?:const|let|function|async\s+function|\{)/m;
/** A call that keeps a process running: polling, a server's `listen`. */
const LONG_RUNNING = /\.(?:launch|startPolling|listen)\s*\(|\bpolling\s*:\s*true\b/;

/**
 * Whether an entry file is a Vercel function that starts its long-running process only off Vercel:
 * it exports a value (`module.exports = async (req, res) => …`, `export default app`; a named export,
 * `exports.startVercel = async (req, res) => …`, when a module of `api/` reaches the file), and its top
 * level guards a call with a condition true only outside production or outside Vercel
 * (`if (process.env.NODE_ENV !== 'production') bot.startPolling()`, `if (ENVIRONMENT !== 'production')
 * development(bot)` with `const ENVIRONMENT = process.env.NODE_ENV || ''`, `if (!process.env.VERCEL)
 * app.listen(3000)`, `if (!config.isProduction) startBot(bot)` where `isProduction` is
 * `process.env.NODE_ENV === 'production'` in this file or the module it is required from), and no
 * long-running start (`.launch(`, `.startPolling(`, `.listen(`, the guarded function) is called outside such a guard.
 */
function startsOnlyOffVercel(file: string, reachedByFunctions: boolean): boolean {
  const text = readSmallText(file, 512 * 1024);
  const exportsValue = /\bmodule\.exports\s*=|\bexport\s+default\b/.test(text ?? '') || (reachedByFunctions && NAMED_EXPORT.test(text ?? ''));
  if (text === null || !exportsValue) return false;
  let rest = '';
  let from = 0;
  const guarded: string[] = [];
  for (const match of text.matchAll(/^if\s*\(/gm)) {
    const start = match.index;
    const close = closingBracket(text, start + match[0].length - 1, '(', ')');
    if (close < 0 || start < from || !offProduction(text.slice(start + match[0].length, close).trim(), text, file)) continue;
    const body = close + 1 + /^\s*/.exec(text.slice(close + 1))![0].length;
    const end = text[body] === '{' ? closingBracket(text, body, '{', '}') : text.indexOf('\n', body);
    if (end < 0) return false;
    // `} else {`: the other branch runs in production.
    if (/^\s*else\b/.test(text.slice(end + 1))) return false;
    rest += text.slice(from, start);
    guarded.push(text.slice(body, end));
    from = end + 1;
  }
  rest += text.slice(from);
  if (guarded.length === 0 || LONG_RUNNING.test(rest)) return false;
  const callees = guarded.flatMap((body) => [...body.matchAll(/(?:^|[^.\w$])([A-Za-z_$][\w$]*)\s*\(/g)].map((m) => m[1]!));
  return !callees.some((name) => new RegExp(String.raw`(?:^|[^.\w$])(?<!function\s+)${name.replace(/\$/g, '\\$')}\s*\(`).test(rest.replace(/\bfunction\s+[\w$]+\s*\(/g, '')));
}

/** Whether a guard's condition is true only off production or off Vercel, itself or through a flag it negates. */
function offProduction(condition: string, text: string, file: string): boolean {
  if (OFF_VERCEL.some((pattern) => pattern.test(condition))) return true;
  const env = OFF_PRODUCTION.map((pattern) => pattern.exec(condition)?.groups?.env).find((name) => name !== undefined);
  if (env !== undefined && (env === 'process.env.NODE_ENV' || nodeEnvConst(env, text))) return true;
  const negated = /^!\s*([A-Za-z_$][\w$]*)(?:\.([A-Za-z_$][\w$]*))?$/.exec(condition);
  if (!negated) return false;
  const [, object, property] = negated;
  const flag = new RegExp(String.raw`\b${property ?? object!}\s*[:=]\s*${IN_PRODUCTION}`);
  if (property === undefined) return flag.test(text);
  // `const config = require('./config')` / `import config from './config'`: the flag in that module.
  const specifier = new RegExp(String.raw`\b${object!}\s*=\s*require\(\s*(['"])(\.[^'"]+)\1\s*\)|import\s+${object!}\s+from\s*(['"])(\.[^'"]+)\3`).exec(text);
  const target = specifier ? resolveFile(path.dirname(file), specifier[2] ?? specifier[4]!) : null;
  const source = target === null ? null : readSmallText(target, 512 * 1024);
  return source !== null && flag.test(source);
}

/**
 * Whether a file's top level declares `name` a `const` holding NODE_ENV, alone or with a literal
 * fallback (`const ENVIRONMENT = process.env.NODE_ENV || ''`, `?? 'development'`): compared with
 * `'production'` it says what `process.env.NODE_ENV` would. A `let` may be reassigned; another
 * variable (`process.env.BOT_MODE`) says nothing of production.
 */
function nodeEnvConst(name: string, text: string): boolean {
  const escaped = name.replace(/\$/g, '\\$');
  return new RegExp(String.raw`^\s*const\s+${escaped}\s*=\s*process\.env\.NODE_ENV\s*(?:(?:\|\||\?\?)\s*(['"\x60])[\w-]*\1\s*)?;?\s*$`, 'm').test(text);
}

/** The index of the bracket closing the one at `open` (strings and comments not told apart); -1 when none. */
function closingBracket(text: string, open: number, opening: string, closing: string): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opening) depth++;
    else if (text[i] === closing && --depth === 0) return i;
  }
  return -1;
}

/**
 * Whether a module runs only inside Firebase Cloud Functions, each invocation of which the platform
 * ends at its timeout (60 s by default for an HTTPS function, `onRequest`; event and scheduled
 * functions, `onSchedule`, have the same kind of limit): its package (the nearest package.json)
 * depends on `firebase-functions` and is the functions source of the project — a `firebase.json`
 * next to it or in the folder above names it (`"functions": { "source": "functions" }`, the default
 * when `source` is left out), or the package is that default `functions/` folder — the module graph
 * ({@link reachedFrom}) reaches the module from the package's `main` (what Firebase loads), a module
 * of that walk imports `firebase-functions`, and no other entry a host may run (`Entries.deployed`:
 * a start or any other script's file, a Procfile or Dockerfile command; not a file only a
 * development script names) or entry folder reaches it. False when the package's entries are not
 * known or a walk cannot be followed.
 */
function runsOnlyInFirebaseFunctions(root: string, filename: string): boolean {
  return amongModules(firebaseModules, root, filename, modulesOnlyFirebaseRuns);
}

function modulesOnlyFirebaseRuns(root: string): ReadonlySet<string> | null {
  const pkg = packageOf(path.join(root, 'package.json'));
  if (pkg?.dir !== root || !dependsOn(pkg, 'firebase-functions') || !isFirebaseFunctionsSource(root)) return null;
  const declared = pkg.manifest?.main;
  const main = resolveEntry(pkg, root, typeof declared === 'string' ? declared : 'index.js');
  if (main === null) return null;
  const entries = packageEntries(pkg);
  if (entries.open !== null) return null;
  const fromMain = reachedFrom([main]);
  if (fromMain === null || ![...fromMain].some((file) => /\brequire\(\s*(['"])firebase-functions(?:\/[\w/]+)?\1|\bfrom\s*(['"])firebase-functions(?:\/[\w/]+)?\2/.test(readSmallText(file, 512 * 1024) ?? ''))) {
    return null;
  }
  const hosts = [...entries.deployed.filter((file) => file !== main), ...entries.folders.flatMap((folder) => listProjectFiles(folder, isSource))];
  const fromHosts = reachedFrom(hosts);
  if (fromHosts === null) return null;
  return new Set([...fromMain].filter((file) => !fromHosts.has(file)));
}

/** Whether a package folder is a Firebase project's functions source ({@link runsOnlyInFirebaseFunctions}). */
function isFirebaseFunctionsSource(root: string): boolean {
  const { config, functionsSource } = PLATFORM_CONVENTIONS.firebase;
  for (const project of [root, path.dirname(root)]) {
    const file = path.join(project, config);
    if (!existsSync(file)) continue;
    const functions = (readJsonc(file) as { functions?: unknown } | null)?.functions;
    const codebases = Array.isArray(functions) ? functions : [functions ?? {}];
    const sources = codebases.map((codebase) => {
      const source = typeof codebase === 'object' && codebase !== null ? (codebase as { source?: unknown }).source : undefined;
      return typeof source === 'string' ? source : functionsSource;
    });
    if (sources.some((source) => path.resolve(project, source) === root)) return true;
  }
  return path.basename(root) === functionsSource && !existsSync(path.join(path.dirname(root), config));
}

/**
 * Whether a module runs only inside AWS Lambda, which ends every invocation at the function's
 * timeout (3 s by default, 15 minutes at most): a stalled call fails that invocation, and each event
 * runs in an invocation of its own. All of these hold:
 * - the module exports its handler — `exports.handler =`, `module.exports.handler =`,
 *   `module.exports = { handler }`, `export const handler =`, `export async function handler` — a
 *   function of `(event[, context[, callback]])` (Express's error handler, `(err, req, res, next)`,
 *   is not one); or the module graph ({@link reachedFrom}) reaches it only from such modules (and
 *   from the files a `serverless.yml` `handler:` names), and from no entry a host may run;
 * - its package (the nearest package.json) shows Lambda ({@link lambdaSign}): a Serverless Framework
 *   configuration or `cdk.json` in the package folder or the one above, a SAM template there that
 *   declares a function, or a dependency that exists only for Lambda (`@types/aws-lambda`,
 *   `serverless`, `serverless-http`, `@vendia/serverless-express`, `@middy/core`, `aws-lambda`); or
 *   an AWS SDK dependency (`@aws-sdk/*`, `aws-sdk`) when nothing else starts the package — no start
 *   command, `bin`, Procfile or Dockerfile (`Entries.unstarted`), no workspace above it whose other
 *   packages may import it — since a server that keeps its uploads in S3 depends on the SDK too;
 * - no entry a host may run (`Entries.deployed` but `main`, which only names what a require loads,
 *   and the files `serverless.yml` names) reaches it: a start script that runs the handler's module
 *   (`"start": "node index.js"`) keeps it reported. In a package nothing starts, a file is run by
 *   hand if at all (`node .` runs `index.js`, which Lambda loads as `index.handler` too);
 * - no module of the package starts a long-lived process ({@link LONG_LIVED}: a bot's `launch()`,
 *   `start()`, `startPolling()`, `polling: true`, a server's `listen()`, a timer or schedule): the
 *   package is then a bot or server that the handler runs beside.
 * False when the entries are not known for another reason, or a walk cannot be followed.
 */
function runsOnlyInLambda(root: string, filename: string, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  let known = lambdaModules.get(root);
  if (known === undefined) {
    known = modulesOnlyLambdaRuns(root);
    lambdaModules.set(root, known);
  }
  if (known === null) return false;
  return known.onlyHandlers.has(filename) || (exportsLambdaHandler(sourceCode) && !known.fromHosts.has(filename));
}

/** What a Lambda package's walks found: the modules only its handlers reach, and every module an entry a host may run reaches. */
interface LambdaModules {
  readonly onlyHandlers: ReadonlySet<string>;
  readonly fromHosts: ReadonlySet<string>;
}

function modulesOnlyLambdaRuns(root: string): LambdaModules | null {
  const pkg = packageOf(path.join(root, 'package.json'));
  if (pkg?.dir !== root) return null;
  const sign = lambdaSign(pkg);
  if (sign === null) return null;
  const entries = packageEntries(pkg);
  if (entries.open !== null && !entries.unstarted) return null;
  if (sign === 'client' && (!entries.unstarted || inWorkspace(root))) return null;
  const modules = listProjectFiles(root, isSource).filter((file) => !TEST_FILE.test(path.relative(root, file)));
  if (modules.some((file) => LONG_LIVED.test(readSmallText(file, 512 * 1024) ?? ''))) return null;
  // The handlers `serverless.yml` names are entries of its settings; a script that runs one (`"start": "node src/handler.js"`) is a host all the same.
  const scripts = Object.values(nearestManifest(path.join(root, 'package.json'))?.scripts ?? {}).join('\n');
  const configured = lambdaConfigs(root).flatMap((config) =>
    /\.ya?ml$/.test(config) ? serverlessHandlers(readSmallText(config, 256 * 1024) ?? '').flatMap((module) => resolveEntry(pkg, root, module) ?? []) : [],
  );
  const onlyConfigured = configured.filter((file) => !scripts.includes(path.relative(root, file).slice(0, -path.extname(file).length)));
  // Nothing starts an unstarted package: a file in it is run by hand, if at all, and none starts a long-lived process.
  const hosts = entries.unstarted
    ? []
    : [...entries.deployed.filter((file) => !entries.library.includes(file) && !onlyConfigured.includes(file)), ...entries.folders.flatMap((folder) => listProjectFiles(folder, isSource))];
  const fromHosts = reachedFrom(hosts);
  if (fromHosts === null) return null;
  const handlers = [...configured, ...modules.filter((file) => packageOf(file)?.dir === root && LAMBDA_HANDLER_TEXT.some((pattern) => pattern.test(readSmallText(file, 512 * 1024) ?? '')))];
  const fromHandlers = reachedFrom(handlers);
  return { onlyHandlers: new Set([...(fromHandlers ?? [])].filter((file) => !fromHosts.has(file))), fromHosts };
}

/**
 * How a package shows AWS Lambda ({@link PLATFORM_CONVENTIONS}`.awsLambda`): `deployment`, a
 * configuration, template or package that only Lambda has; `client`, only the AWS SDK; null, no sign.
 */
function lambdaSign(pkg: PackageInfo): 'deployment' | 'client' | null {
  const { packages, clients } = PLATFORM_CONVENTIONS.awsLambda;
  if (lambdaConfigs(pkg.dir).length > 0 || packages.some((name) => dependsOn(pkg, name))) return 'deployment';
  const declared = [pkg.manifest?.dependencies, pkg.manifest?.devDependencies].flatMap((deps) => (typeof deps === 'object' && deps !== null ? Object.keys(deps) : []));
  return declared.some((name) => clients.test(name)) ? 'client' : null;
}

/** The Lambda deployment configurations in a package folder or the folder above: Serverless Framework, CDK, and templates that declare a function. */
function lambdaConfigs(root: string): string[] {
  const { configs, templates } = PLATFORM_CONVENTIONS.awsLambda;
  return [root, path.dirname(root)].flatMap((folder) => [
    ...configs.map((name) => path.join(folder, name)).filter((file) => existsSync(file)),
    ...templates.map((name) => path.join(folder, name)).filter((file) => /\bAWS::(?:Serverless|Lambda)::Function\b/.test(readSmallText(file, 512 * 1024) ?? '')),
  ]);
}

/** Whether a package.json above the package declares workspaces: another package of the repository may import this one. */
function inWorkspace(root: string): boolean {
  for (let folder = path.dirname(root); path.dirname(folder) !== folder; folder = path.dirname(folder)) {
    const manifest = packageOf(path.join(folder, 'package.json'));
    if (manifest?.dir === folder && manifest.manifest?.workspaces !== undefined) return true;
    if (existsSync(path.join(folder, '.git'))) return false;
  }
  return false;
}

/**
 * The modules a Serverless Framework configuration names as its functions' handlers
 * (`handler: src/bot.webhook` names `./src/bot`), read from its lines: bot-audit depends on no YAML parser.
 */
export function serverlessHandlers(text: string): string[] {
  return [...text.matchAll(/^\s*handler:\s*["']?([\w./-]+)\.[\w$]+["']?\s*$/gm)].map((match) => `./${match[1]!}`);
}

/** Whether the module exports a Lambda handler: `handler`, a function of at most three parameters (`event`, `context`, `callback`). */
function exportsLambdaHandler(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const exported = exportedValue(sourceCode.ast, 'handler');
  const fn = exported ? functionOf(exported, sourceCode) : null;
  return fn !== null && fn.params.length <= 3;
}

/** Parameters of a Lambda handler in a module's text: at most three, without parentheses inside. */
const HANDLER_PARAMS = String.raw`(?:async\s*)?(?:function\s*[\w$]*\s*)?\(\s*[^(),]*(?:,[^(),]*){0,2}\)`;
/**
 * A Lambda handler in another module's text ({@link exportsLambdaHandler} reads the linted module's
 * AST): `exports.handler = async (event) =>`, `export async function handler(event, context)`,
 * `export const handler = async (event) =>` (a type annotation allowed), `module.exports = { handler }`
 * with a `function handler(…)` of its own.
 */
const LAMBDA_HANDLER_TEXT = [
  new RegExp(String.raw`(?:^|[^.\w$])(?:module\.)?exports\.handler\s*=\s*${HANDLER_PARAMS}`),
  new RegExp(String.raw`^export\s+(?:async\s+)?function\s+handler\s*\(\s*[^(),]*(?:,[^(),]*){0,2}\)`, 'm'),
  new RegExp(String.raw`^export\s+const\s+handler\s*(?::\s*[\w$.<>, ]+)?=\s*${HANDLER_PARAMS}`, 'm'),
];

/**
 * A start that keeps a process running, in any module of a Lambda package ({@link runsOnlyInLambda}):
 * {@link LONG_RUNNING}, a bot's `start()` or `start({…})` (grammY; Telegraf's `bot.start(handler)`
 * answers `/start`), a gateway's `login(…)`, a client's `initialize()`, `polling: {…}`, a timer
 * (`setInterval`) or a schedule (`cron.schedule`, `new CronJob`).
 */
const LONG_LIVED = new RegExp(
  String.raw`${LONG_RUNNING.source}|\bpolling\s*:\s*\{|\.start\s*\(\s*(?:\)|\{)|\.login\s*\(|\.initialize\s*\(\s*\)|\bsetInterval\s*\(|\.schedule\s*\(|\bnew\s+CronJob\b`,
);

/** Per package folder, the modules only its Lambda handlers run (null: not proven): a pure memo per process. */
const lambdaModules = new Map<string, LambdaModules | null>();

/** Per package folder, the modules only its Firebase functions run (null: not proven): a pure memo per process. */
const firebaseModules = new Map<string, ReadonlySet<string> | null>();

/** Per project folder, the modules only its Vercel functions run (null: not known): a pure memo per process. */
const functionModules = new Map<string, ReadonlySet<string> | null>();

/**
 * A Next.js route, from its project-relative path: `app/…/route.{ts,js}` (or under `src/`)
 * exporting an HTTP-verb function, or a `pages/api/…` module whose default export is a `(req, res)` handler.
 */
function isNextRoute(relative: string, exported: TSESTree.Node | null, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const inProject = relative.startsWith('src/') ? relative.slice('src/'.length) : relative;
  if (inProject.startsWith('app/')) {
    return /(^|\/)route\.[cm]?[jt]sx?$/.test(inProject) && PLATFORM_CONVENTIONS.routeVerbs.some((verb) => exportsName(sourceCode.ast, verb));
  }
  return inProject.startsWith('pages/api/') && isRequestHandler(exported, sourceCode);
}

/**
 * A project that deploys to Vercel: a `vercel.json` next to its package.json, a `vercel` dependency,
 * or a Next.js route that sets `maxDuration` (a limit only Vercel reads: `next start` has none).
 */
function deploysToVercel(root: string): boolean {
  let known = vercelProjects.get(root);
  if (known === undefined) {
    known = existsSync(path.join(root, 'vercel.json')) || manifestIn(root)?.dependencies.vercel !== undefined || setsMaxDuration(root);
    vercelProjects.set(root, known);
  }
  return known;
}

/** Whether a Next.js route file of the project exports `maxDuration` (`export const maxDuration = 10`). */
function setsMaxDuration(root: string): boolean {
  return NEXT_FOLDERS.some((folder) =>
    listProjectFiles(path.join(root, folder), (name) => /^route\.[cm]?[jt]sx?$/.test(name)).some((file) => /\bexport\s+const\s+maxDuration\b/.test(readSmallText(file, 512 * 1024) ?? '')),
  );
}

/**
 * The first Next.js whose `next start` keeps the process running on an unhandled rejection: its
 * start server (`next/dist/server/lib/start-server`) installs `process.on('uncaughtException' |
 * 'unhandledRejection', exception)`, where `exception` only prints the error ("we keep the process
 * alive"). Read in Next.js 14.0 and 15; 13.4 ran the app in worker processes instead.
 */
const NEXT_KEEPS_RUNNING: readonly [number, number, number] = [14, 0, 0];

/**
 * Whether a module runs inside the server `next start` starts, whose own process-level handlers print
 * an unhandled rejection and keep the process running: the module's package (the nearest
 * package.json) depends on Next.js 14 or later ({@link runsAtLeast}), a start command a host may run
 * is `next start` (`"start": "next start"`), every other entry a host may run is one Next.js loads
 * (`instrumentation`, `middleware`, the `app/` and `pages/` folders) — no custom server, no second
 * program in a script, Procfile or Dockerfile — the project shows no sign of Vercel (where functions
 * run instead of `next start`), and the module graph reaches the module from the files Next.js loads
 * (the instrumentation hook's `register()` importing a bot module). False when any of this cannot be told.
 */
export function runsInNextServer(filename: string): boolean {
  if (!path.isAbsolute(filename)) return false;
  const manifest = nearestManifest(filename);
  if (!manifest) return false;
  const root = path.dirname(manifest.file);
  return amongModules(nextServerModules, root, filename, (folder) => modulesNextServerRuns(folder, filename));
}

function modulesNextServerRuns(root: string, filename: string): ReadonlySet<string> | null {
  const pkg = packageOf(path.join(root, 'package.json'));
  if (pkg?.dir !== root || !dependsOn(pkg, 'next') || !runsAtLeast(filename, 'next', NEXT_KEEPS_RUNNING) || deploysToVercel(root)) return null;
  const entries = packageEntries(pkg);
  if (entries.open !== null || !entries.nextStart) return null;
  const nextFolders = NEXT_FOLDERS.map((folder) => path.join(root, folder));
  const nextHooks = new Set(['', 'src'].flatMap((folder) => ['middleware', 'instrumentation'].map((name) => path.join(root, folder, name))));
  const loadedByNext = (file: string): boolean => nextFolders.some((folder) => file.startsWith(folder + path.sep)) || nextHooks.has(file.slice(0, -path.extname(file).length));
  const otherFolders = entries.folders.filter((folder) => !nextFolders.includes(folder));
  if (!entries.deployed.every(loadedByNext) || otherFolders.some((folder) => listProjectFiles(folder, isSource).length > 0)) return null;
  return reachedFrom([...entries.deployed, ...nextFolders.flatMap((folder) => listProjectFiles(folder, isSource))]);
}

/** Per project folder, the modules `next start` runs (null: not proven): a pure memo per process. */
const nextServerModules = new Map<string, ReadonlySet<string> | null>();

/**
 * The entry a wrangler configuration file names: `"main"` of `wrangler.json`/`wrangler.jsonc`, read
 * as JSON with comments ({@link readJsonc}); `main = "src/index.ts"` of `wrangler.toml` (also in
 * single quotes), read from its line: bot-audit depends on no TOML parser, and in TOML `main` is a
 * top-level key written on a line of its own (a commented-out `# main = …` does not match).
 */
export function wranglerMain(file: string): string | null {
  if (/\.jsonc?(?:\.[^./\\]+)?$/.test(file)) {
    const config = readJsonc(file) as { main?: unknown } | null;
    return typeof config?.main === 'string' ? config.main : null;
  }
  const text = readSmallText(file, 256 * 1024);
  return text === null ? null : (/^\s*"?main"?\s*=\s*(["'])([^"'\n]+)\1/m.exec(text)?.[2] ?? null);
}

/**
 * Whether a folder's wrangler configuration binds a Cloudflare SQLite database to the Worker: a D1
 * database (`d1_databases`, top-level or under an `env`) or a SQLite-backed Durable Object class
 * (`new_sqlite_classes` of a migration). Such a package keeps its database's schema itself — D1's
 * `migrations/` folder (`wrangler d1 migrations apply`), a Durable Object's DDL in code — though its
 * package.json lists no database client (the database is a binding on `env`). Read as JSON with
 * comments, or line by line for `wrangler.toml` (`[[d1_databases]]`, `[[env.staging.d1_databases]]`,
 * `new_sqlite_classes = [...]`; a commented-out line does not match).
 */
export function bindsCloudflareSqlite(folder: string): boolean {
  return PLATFORM_CONVENTIONS.wranglerFiles.some((name) => {
    const file = path.join(folder, name);
    if (!existsSync(file)) return false;
    if (name.endsWith('.toml')) {
      const text = readSmallText(file, 256 * 1024) ?? '';
      return /^\s*\[\[\s*(?:env\.[\w-]+\.)?d1_databases\s*\]\]/m.test(text) || /^\s*(?:d1_databases|new_sqlite_classes)\s*=\s*\[\s*\S/m.test(text);
    }
    const config = readJsonc(file) as WranglerBindings | null;
    const nonEmpty = (value: unknown): boolean => Array.isArray(value) && value.length > 0;
    const binds = (section: WranglerBindings | null | undefined): boolean =>
      nonEmpty(section?.d1_databases) || (Array.isArray(section?.migrations) && (section.migrations as unknown[]).some((migration) => nonEmpty((migration as { new_sqlite_classes?: unknown } | null)?.new_sqlite_classes)));
    return binds(config) || Object.values(config?.env ?? {}).some(binds);
  });
}

/** The parts of a wrangler configuration that bind a SQLite database. */
interface WranglerBindings {
  d1_databases?: unknown;
  migrations?: unknown;
  env?: Record<string, WranglerBindings | null>;
}

/**
 * A Workers module by its text: its default export is an object literal with a Workers handler
 * (`export default { async fetch(request, env) {…} }`, `export default { fetch: app.fetch, scheduled }`),
 * or it listens to `fetch` in the service-worker syntax (`addEventListener('fetch', (event) => …)`).
 */
function isWorkerModule(file: string): boolean {
  const text = readSmallText(file, 512 * 1024);
  if (text === null) return false;
  const handlers = [...PLATFORM_CONVENTIONS.workerHandlers].join('|');
  if (new RegExp(String.raw`\baddEventListener\s*\(\s*(['"\x60])(?:${handlers})\1`).test(text)) return true;
  const opening = /\bexport\s+default\s*\{/.exec(text);
  if (!opening) return false;
  const open = opening.index + opening[0].length - 1;
  const close = closingBracket(text, open, '{', '}');
  const object = text.slice(open, close < 0 ? undefined : close + 1);
  return new RegExp(String.raw`(?:^|[{,])\s*(?:async\s+)?(?:${handlers})\s*[(:,}]`).test(object);
}

/**
 * Whether a module runs only inside a Cloudflare Worker, where an unhandled rejection is logged by
 * the runtime and ends no process: its package (the nearest package.json) holds a wrangler
 * configuration ({@link wranglerConfigs}) whose `main` ({@link wranglerMain}) is a Workers module ({@link isWorkerModule}),
 * the module graph ({@link reachedFrom}) reaches the module from that entry, and no other entry a
 * host may run (`Entries.deployed`: a start script's file, `bin`, a Procfile or Dockerfile command;
 * not a file only a development script names, the Worker's own `main`, nor package.json `main` no
 * command runs, `Entries.library`) or entry folder reaches it. False when the package's entries are
 * not known (`Entries.openBesidesAbsentSources`: a start script's TypeScript file missing from the
 * repository runs nothing) or a walk cannot be followed.
 */
export function runsOnlyInWorker(filename: string): boolean {
  if (!path.isAbsolute(filename)) return false;
  const manifest = nearestManifest(filename);
  if (!manifest) return false;
  const root = path.dirname(manifest.file);
  return amongModules(workerModules, root, filename, modulesOnlyWorkersRun);
}

function modulesOnlyWorkersRun(root: string): ReadonlySet<string> | null {
  const pkg = packageOf(path.join(root, 'package.json'));
  if (pkg?.dir !== root) return null;
  const workers = wranglerConfigs(pkg).flatMap((config) => {
    const main = wranglerMain(config);
    const file = main === null ? null : resolveEntry(pkg, root, main);
    return file !== null && isWorkerModule(file) ? [file] : [];
  });
  if (workers.length === 0) return null;
  const entries = packageEntries(pkg);
  if (entries.openBesidesAbsentSources !== null) return null;
  // `main` of package.json names what a require loads; with a start command beside it, no host runs it.
  const hosts = [
    ...entries.deployed.filter((file) => !workers.includes(file) && !entries.library.includes(file)),
    ...entries.folders.flatMap((folder) => listProjectFiles(folder, isSource)),
  ];
  const fromWorkers = reachedFrom(workers);
  const fromHosts = reachedFrom(hosts);
  if (fromWorkers === null || fromHosts === null) return null;
  return new Set([...fromWorkers].filter((file) => !fromHosts.has(file)));
}

/**
 * The wrangler configuration files of a package folder: `wrangler.toml`, `wrangler.json`,
 * `wrangler.jsonc`; without one, a committed template of one (`wrangler.toml.example`,
 * `wrangler.jsonc.sample`, any suffix) when a package.json script runs `wrangler` (`"dev": "wrangler
 * dev"`, `"deploy": "wrangler deploy"`): the real file, which holds the account's ids, is often
 * left out of the repository, and those scripts run with the copy made from the template.
 */
export function wranglerConfigs(pkg: PackageInfo): string[] {
  const root = pkg.dir;
  const configs = PLATFORM_CONVENTIONS.wranglerFiles.map((name) => path.join(root, name)).filter((file) => existsSync(file));
  if (configs.length > 0) return configs;
  const scripts = pkg.manifest?.scripts;
  const runsWrangler = typeof scripts === 'object' && scripts !== null && Object.values(scripts).some((command) => typeof command === 'string' && /(?:^|[\s;&|(])(?:npx\s+|bunx\s+)?wrangler\s+(?:dev|deploy|publish)\b/.test(command));
  if (!runsWrangler) return [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.filter((name) => PLATFORM_CONVENTIONS.wranglerFiles.some((config) => name.startsWith(`${config}.`))).map((name) => path.join(root, name));
}

/** Per project folder, the modules only its Workers run (null: not proven): a pure memo per process. */
const workerModules = new Map<string, ReadonlySet<string> | null>();

/** Project folders known to deploy (or not) to Vercel: a pure memo per process. */
const vercelProjects = new Map<string, boolean>();

/** Whether a wrangler file sits in `directory` or a folder above it, up to `root`. */
function wranglerBetween(directory: string, root: string): boolean {
  for (let current = directory; ; current = path.dirname(current)) {
    const known = wranglerFolders.get(current);
    const found = known ?? PLATFORM_CONVENTIONS.wranglerFiles.some((name) => existsSync(path.join(current, name)));
    wranglerFolders.set(current, found);
    if (found) return true;
    if (current === root || path.dirname(current) === current || !current.startsWith(root)) return false;
  }
}

/** Folders known to hold (or not) a wrangler file: a pure memo per process. */
const wranglerFolders = new Map<string, boolean>();

/**
 * A module of `api/` that Vercel runs as a function: its default export is a `(req, res)` handler
 * ({@link isRequestHandler}); or a handler in the Web signature (`export default async function
 * handler(request: Request)`, answering with a `Response`) when the module says how Vercel runs it
 * (`export const config = { runtime: 'edge', maxDuration: 30 }`: only Vercel reads a runtime or a
 * limit there) or the project deploys to Vercel ({@link deploysToVercel}). One parameter alone
 * proves nothing: `export default (app) => { … }` is as often a module that registers routes.
 */
function isVercelFunction(exported: TSESTree.Node | null, sourceCode: Readonly<TSESLint.SourceCode>, root: string): boolean {
  if (isRequestHandler(exported, sourceCode)) return true;
  const fn = exported ? functionOf(exported, sourceCode) : null;
  if (fn?.params.length !== 1) return false;
  const config = resolveObject(exportedValue(sourceCode.ast, 'config'), sourceCode);
  const declared =
    config.type === 'object' &&
    config.node.properties.some((p) => p.type === AST_NODE_TYPES.Property && (propertyKey(p) === 'runtime' || propertyKey(p) === 'maxDuration'));
  return declared || deploysToVercel(root);
}

/** A function of `(req, res)`: inline, or a function or `const` of this file exported by name. */
function isRequestHandler(node: TSESTree.Node | null, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const fn = node ? functionOf(node, sourceCode) : null;
  return fn !== null && fn.params.length === 2;
}

/** Whether `filename` is among the modules `find` gives for the folder `root`, remembered per folder in `memo` (null: not proven). */
function amongModules(memo: Map<string, ReadonlySet<string> | null>, root: string, filename: string, find: (root: string) => ReadonlySet<string> | null): boolean {
  let known = memo.get(root);
  if (known === undefined) {
    known = find(root);
    memo.set(root, known);
  }
  return known?.has(filename) ?? false;
}
