/**
 * grammY's auto-retry plugin (`@grammyjs/auto-retry`): installed with
 * `bot.api.config.use(autoRetry())`, it repeats every Bot API call that fails with a rate limit
 * (429, after `retry_after`), a server error (5xx) or a network error, so what still reaches the
 * caller is a refusal that no retry would change: the user blocked the bot (403), the chat is gone.
 * A broadcast whose sends go through it drops no rate limit when it skips a failed recipient.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { exportCallees, fileIndex, getMemberPath } from '../ast/index.js';
import { projectFilesMatching } from '../summaries/index.js';

const AUTO_RETRY_MODULE = /^@grammyjs\/auto-retry(?:\/|$)/;
const MENTIONS_AUTO_RETRY = /auto-retry|auto_retry/;

/**
 * Whether this file makes auto-retry's transformer: a call of `autoRetry` imported from the plugin,
 * installed here (`bot.api.config.use(autoRetry())`) or returned to the file that installs it
 * (`export const retries = () => autoRetry({ maxRetryAttempts: 5 })`). A transformer is made to be
 * installed; an import alone is not enough.
 */
function installsAutoRetry(program: TSESTree.Program): boolean {
  const names = exportCallees(program, (module) => AUTO_RETRY_MODULE.test(module), 'autoRetry');
  if (names.size === 0) return false;
  return fileIndex(program)
    .of(AST_NODE_TYPES.CallExpression)
    .some((call) => names.has(getMemberPath(call.callee)?.join('.') ?? ''));
}

/** Whether the bot project of this file retries its failed Bot API calls ({@link installsAutoRetry} in this file or another file of the project). */
export function sendsRetried(sourceCode: Readonly<TSESLint.SourceCode>, filename: string | null): boolean {
  if (installsAutoRetry(sourceCode.ast)) return true;
  if (filename === null) return false;
  return projectFilesMatching(filename, MENTIONS_AUTO_RETRY).some((file) => file.filename !== filename && installsAutoRetry(file.sourceCode.ast));
}
