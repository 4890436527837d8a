import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, skipTypeWrappers } from '../ast/index.js';

/**
 * Names that make a call count as logging or error reporting when they appear anywhere in the
 * callee's path: `console.error`, `logger.warn`, `this.log.info`, `Sentry.captureException`,
 * `fastify.log.error`, `pino()`, `winston.error`, `bunyan`, `debug`, `signale`, `consola`…
 */
export const DEFAULT_LOGGER_NAMES: readonly string[] = [
  'console',
  'log',
  'logger',
  'logging',
  'pino',
  'winston',
  'bunyan',
  'debug',
  'signale',
  'consola',
  'loglevel',
  'tracer',
  'Sentry',
  'bugsnag',
  'Bugsnag',
  'rollbar',
  'Rollbar',
  'honeybadger',
  'Honeybadger',
  'newrelic',
  'captureException',
  'captureMessage',
  'reportError',
  'notifyError',
  'trackException',
];

/** Also logging: `logError(…)`, `appLogger.error(…)`, `botLog.warn(…)`. */
const LOGGER_LIKE = /^log[A-Z_]|[a-z]Log(?:ger)?$|Logger$/;

export interface LoggerMatcher {
  /** Whether a call logs or reports. */
  isLoggingCall(call: TSESTree.CallExpression): boolean;
  /** Whether a function passed by name logs or reports (`promise.catch(console.error)`). */
  isLogger(fn: TSESTree.Node): boolean;
}

/**
 * Builds the logger model from the defaults plus the user's entries. An entry is a name that may
 * appear anywhere in the callee path (`logger`), a dotted path the callee must end with
 * (`ctx.log.error`, `audit.write`), or a regular expression between slashes (`/^report/`) tested on
 * each name of the path and on the whole dotted path.
 */
export function createLoggerMatcher(extra: readonly string[] = []): LoggerMatcher {
  const names = new Set(DEFAULT_LOGGER_NAMES);
  const paths: string[] = [];
  const patterns: RegExp[] = [];
  for (const entry of extra) {
    const regex = /^\/(.+)\/([a-z]*)$/.exec(entry);
    if (regex) patterns.push(new RegExp(regex[1]!, regex[2]));
    else if (entry.includes('.')) paths.push(entry);
    else names.add(entry);
  }
  const isLogger = (callee: TSESTree.Node): boolean => {
    const path = calleePath(callee);
    if (!path) return false;
    const dotted = path.join('.');
    return (
      path.some((name) => names.has(name) || LOGGER_LIKE.test(name)) ||
      paths.some((p) => dotted === p || dotted.endsWith(`.${p}`)) ||
      patterns.some((p) => p.test(dotted) || path.some((name) => p.test(name)))
    );
  };
  return { isLoggingCall: (call) => isLogger(call.callee), isLogger };
}

/**
 * The callee's path, looking through calls in the chain: `pino().error` and
 * `logger.child({}).warn` give `['pino', 'error']` and `['logger', 'child', 'warn']`.
 */
function calleePath(callee: TSESTree.Node): string[] | null {
  const path: string[] = [];
  let current: TSESTree.Node = skipTypeWrappers(callee);
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) {
      current = skipTypeWrappers(current.callee);
      continue;
    }
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const objectPath = getMemberPath(current);
      if (objectPath) return [...objectPath, ...path];
      if (!current.computed && current.property.type === AST_NODE_TYPES.Identifier) {
        path.unshift(current.property.name);
      }
      current = skipTypeWrappers(current.object);
      continue;
    }
    if (current.type === AST_NODE_TYPES.Identifier) return [current.name, ...path];
    return path.length > 0 ? path : null;
  }
}

/** The matcher for the default logger names, built once: for models that take no `loggers` option. */
export const DEFAULT_LOGGERS: LoggerMatcher = createLoggerMatcher();
