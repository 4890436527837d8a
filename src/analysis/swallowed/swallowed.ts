/**
 * Whether an error handler — a `catch` clause or a rejection handler (`p.catch(h)`, `p.then(f, h)`)
 * — swallows the error, and how: which exemptions let it go, in which order, and which kind of
 * swallowing it is. The `no-swallowed-error` rule reports what this finds.
 */
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { getMemberPath, isIdentifierNamed, isWaitPoint, skipTypeWrappers, someInSameFunction, valueDiscarded, walkSameFunction } from '../ast/index.js';
import { codeOnlyReads, promiseWritesDatabase } from '../effects/index.js';
import { acceptsQuery, isDiscordChatCall, sendsRetried, waitsForDiscordAnswer } from '../framework/index.js';
import { requestsChatMethod, toLoopbackHost } from '../http/index.js';
import { isSupabaseQueryPromise, queryAnsweringError } from '../stores/index.js';
import { botProjectFrameworks, callAlwaysThrows, callAnswersClientError, callAnswersRequest, calledFunction, callHandlesOwnErrors, isBrowserModule, callOnValueMadeInProcess, callOnlyTalksToUser, callRunsInProcess, codeHandlesOwnErrors, onlyQueriesSupabase, promiseHandlesOwnErrors, returnsErrorResult, runsInProcess, runsInProcessAnswering, type FileRef } from '../summaries/index.js';
import {
  NOOP_NAMES,
  analyseHandler,
  broadcastSendIn,
  countsFailures,
  fallsBackOnAnswer,
  guardedCode,
  isInErrorPath,
  isInProcessFallback,
  isSyncFallback,
  leavesFailureFlag,
  namesFailedRecipient,
  observedElsewhere,
  onlyClosesConnections,
  onlyNotifies,
  onlyRemovesTempFiles,
  onlyStartsPromises,
  onlyTalksToUser,
  readsUpdateOnly,
  validatesInput,
  type Handler,
} from '../errors/index.js';
import { answersAsErrorListener, createsMissingPath, decodesAnotherWay, isCheckedBodyFallback, isExistenceProbe, isHealthProbe, isLoggedProbe, isMembershipProbe, isReadFallback, isRequestBodyFallback, isTokenCheck, onlyAddsToSchema, onlyCreatesIndexes, repeatsGuardedWork, reportsResponseStatus } from '../errors/index.js';
import type { LoggerMatcher } from '../errors/index.js';
import { adminSeesFailure, disablesEmptyRule, explainsIgnoring, onlyAdminReaches, readsBodyBeforeThrow, runsAtShutdown } from '../errors/index.js';

/** The options of `no-swallowed-error` that decide what counts as swallowing. */
export interface SwallowOptions {
  allowWithComment?: boolean;
  allowSyncFallbacks?: boolean;
  allowCleanup?: boolean;
  checkBrowserCode?: boolean;
  checkEveryPromiseCatch?: boolean;
  requireErrorInLog?: boolean;
  allowErrorInReply?: boolean;
  checkAdminCode?: boolean;
  checkReadOnlyWork?: boolean;
}

/** How a handler swallows the error. */
export type Swallowing =
  /** A `catch` that neither logs, rethrows nor uses the error. */
  | 'swallowed'
  /** The same in a rejection handler. */
  | 'swallowedPromise'
  /** It only answers the user. */
  | 'repliesOnly'
  /** It drops every failed send of a broadcast. */
  | 'broadcastSwallowed'
  /** Its `try` only starts promises: their rejections escape it. */
  | 'promiseEscapesTry'
  /** It logs, but nothing of the error (only with `requireErrorInLog`). */
  | 'logsWithoutError'
  /** Its `try` only runs Supabase queries, which never throw. */
  | 'supabaseErrorUnread';

export interface SwallowedErrors {
  /** Whether a `catch` clause is left alone before its handler is looked at: a synchronous fallback, cleanup. */
  catchExempt(node: TSESTree.CatchClause): boolean;
  /** Whether the rejection handler of `call` (`p.catch(h)`, `p.then(f, h)`) is left alone whatever it does. */
  promiseExempt(call: TSESTree.CallExpression): boolean;
  /** How the handler swallows the error; null when it deals with it or an exemption applies. */
  swallowing(handler: Handler, promise: boolean): Swallowing | null;
  /** Whether a named no-op handler (`p.catch(noop)`) of `call` swallows the rejection. */
  noopSwallows(call: TSESTree.CallExpression, handler: TSESTree.Node): boolean;
}

/** The error handlers of one file (`file`: a rule's `context`). */
export function swallowedErrors(file: FileRef, loggers: LoggerMatcher, options: SwallowOptions): SwallowedErrors {
  const { sourceCode, filename } = file;
  const skipped = (): boolean => !options.checkBrowserCode && isBrowserModule(sourceCode, filename);
  // What a `catch` can receive: a callee's timers and dropped `async` work fail later, never into it.
  // A route's answer on its response parameter (`res.json(body)`) is computed and written in the process too.
  const inProcess = {
    code: (code: TSESTree.Node) => runsInProcess(code, file, true),
    call: (call: TSESTree.CallExpression) => callRunsInProcess(call, file),
    answering: (code: TSESTree.Node) => runsInProcessAnswering(code, file),
    answersRequest: (call: TSESTree.CallExpression) => callAnswersRequest(call, file),
  };
  // grammY's auto-retry repeats rate-limited and failed sends: a broadcast behind it skips only refusals.
  let retried: boolean | undefined;
  const retries = (): boolean => (retried ??= sendsRetried(sourceCode, filename));

  /** Whether the handler answers the user: a reply, or a call of a project function that only talks to the chat (`editOrSend(ctx, 'Error')`). */
  function answersUser(handler: Handler, replies: boolean): boolean {
    return replies || someInSameFunction(handler.body, (node) => node.type === AST_NODE_TYPES.CallExpression && callOnlyTalksToUser(node, file, loggers));
  }

  // A discord.js bot: its direct messages, interaction answers and collector waits are chat calls too.
  let discord: boolean | undefined;
  const isDiscord = (): boolean => (discord ??= botProjectFrameworks(filename).includes('discord.js'));
  const discordChat = (call: TSESTree.CallExpression): boolean => isDiscord() && (isDiscordChatCall(call, sourceCode) || waitsForDiscordAnswer(call));

  const answersClient = (node: TSESTree.CallExpression | TSESTree.NewExpression): boolean => callAnswersClientError(node, file);

  function swallowing(handler: Handler, promise: boolean): Swallowing | null {
    const body = handler.body;
    if (options.allowWithComment && (explainsIgnoring(handler, sourceCode) || disablesEmptyRule(body, sourceCode))) return null;
    // A parse, a format or a feature test that falls back: no I/O failed, nothing is lost.
    if (options.allowSyncFallbacks && isInProcessFallback(handler, sourceCode, inProcess)) return null;
    const verdict = analyseHandler(handler, loggers, sourceCode);
    if (verdict.handled) return options.requireErrorInLog && verdict.loggedWithoutError && !skipped() ? 'logsWithoutError' : null;
    // A call of a project function that always throws (`fail(ctx, 'No link')` replying, then throwing): the handler throws there.
    if (someInSameFunction(body, (node) => node.type === AST_NODE_TYPES.CallExpression && callAlwaysThrows(node, file))) return null;
    // The failure is counted or recorded into a value read later (`failed++` … `res.json({ sent, failed })`, `errors.push({ id })` … `return errors`): passed on.
    if (countsFailures(handler, sourceCode, true)) return null;
    // A project helper that answers the client's error (`return bad('INVALID_JSON')`, a 4xx `Response`): the failure is the answer.
    if (someInSameFunction(body, (node) => node.type === AST_NODE_TYPES.CallExpression && callAnswersClientError(node, file))) return null;
    const guarded = guardedCode(handler);
    if (guarded && (handler.type === AST_NODE_TYPES.CatchClause ? codeHandlesOwnErrors(guarded, file, loggers) : promiseHandlesOwnErrors(guarded, file, loggers))) return null;
    if (readsBodyBeforeThrow(handler, guarded, loggers)) return null;
    // Supabase queries that take `error` out and read it: they never throw, their failure is answered there.
    if (handler.type === AST_NODE_TYPES.CatchClause && onlyAnswersSupabaseErrors(guarded, file)) return null;
    // A probe whose failure is the answer: the code branches on the fallback and logs on that branch.
    if (isLoggedProbe(handler, sourceCode, loggers)) return null;
    if (isReadFallback(handler, guarded) || isRequestBodyFallback(handler, guarded, answersClient) || isCheckedBodyFallback(handler, guarded) || isTokenCheck(handler, guarded) || onlyCreatesIndexes(guarded) || onlyAddsToSchema(guarded, sourceCode)) return null;
    if (handler.type === AST_NODE_TYPES.CatchClause && (repeatsGuardedWork(handler, sourceCode) || createsMissingPath(handler) || answersAsErrorListener(handler) || decodesAnotherWay(handler) || isHealthProbe(handler) || isExistenceProbe(handler, sourceCode) || isMembershipProbe(handler) || reportsResponseStatus(handler, inProcess.call))) return null;
    if (verdict.repliesToUser && verdict.errorInReply && (options.allowErrorInReply || onlyAdminReaches(handler, sourceCode, filename))) return null;
    if (verdict.repliesToUser && handler.type === AST_NODE_TYPES.CatchClause && validatesInput(handler.parent.block)) return null;
    // A scene step that only reads what the user sent: a missing field is the answer, and the user is told or the scene moves on.
    if (handler.type === AST_NODE_TYPES.CatchClause && readsUpdateOnly(handler, sourceCode, inProcess.code, () => answersUser(handler, verdict.repliesToUser))) return null;
    if (skipped()) return null;
    const handledCall = (call: TSESTree.CallExpression): boolean =>
      loggers.isLoggingCall(call) || returnsErrorResult(call) || callHandlesOwnErrors(call, file, loggers) || callOnlyTalksToUser(call, file, loggers) || discordChat(call);
    // A send in a loop over recipients; behind auto-retry, only refusals reach the handler: a best-effort chat call.
    // In-process bookkeeping around the chat calls (`out.push(name)`, `seen.add(ch)` on a local set) keeps it best-effort.
    const sent = broadcastSendIn(guarded);
    const sendsRetried = sent !== null && retries();
    const talk = { awaitsGuarded: handler.type === AST_NODE_TYPES.CatchClause, sendsRetried, chatRequest: (call: TSESTree.CallExpression) => requestsChatMethod(call, sourceCode), inMemory: (call: TSESTree.CallExpression) => callOnValueMadeInProcess(call, file) };
    if (onlyTalksToUser(guarded, handledCall, talk)) return null;
    // A call whose rejection is the library's answer (no profile picture, no points left), and a handler that falls back on it.
    if (handler.type === AST_NODE_TYPES.CatchClause && fallsBackOnAnswer(handler, file, handledCall, talk)) return null;
    // The promises are not awaited: the `catch` hides nothing, and their rejections go unhandled.
    if (handler.type === AST_NODE_TYPES.CatchClause && onlyStartsPromises(handler.parent.block, (call) => calledFunction(call, file)?.fn.async === true)) return 'promiseEscapesTry';
    const broadcast = sendsRetried ? null : sent;
    if (broadcast) return countsFailures(handler, sourceCode) || namesFailedRecipient(handler, broadcast, sourceCode) ? null : 'broadcastSwallowed';
    // A `catch` around Supabase queries never runs: logging there would not help, reading `error` would.
    if (!verdict.repliesToUser && handler.type === AST_NODE_TYPES.CatchClause && onlyQueriesSupabase(guarded, file)) return 'supabaseErrorUnread';
    if (!options.checkAdminCode && adminSeesFailure(handler, sourceCode, filename)) return null;
    // A failed read told to the user: nothing was changed, the user retries.
    if (!options.checkReadOnlyWork && guarded && answersUser(handler, verdict.repliesToUser) && codeOnlyReads(guarded, file, loggers)) return null;
    return verdict.repliesToUser ? 'repliesOnly' : promise ? 'swallowedPromise' : 'swallowed';
  }

  return {
    catchExempt(node) {
      if (options.allowSyncFallbacks && (isSyncFallback(node, sourceCode) || leavesFailureFlag(node, sourceCode))) return true;
      return !!options.allowCleanup && (isInErrorPath(node.parent) || onlyClosesConnections(node.parent.block) || onlyRemovesTempFiles(node.parent.block) || runsAtShutdown(node.parent, sourceCode));
    },
    promiseExempt(call) {
      const promise = (call.callee as TSESTree.MemberExpression).object;
      // By default only a failure that loses data: a database write, an accepted checkout, or a broadcast that drops every failed send.
      if (!options.checkEveryPromiseCatch && !promiseWritesDatabase(promise, file) && !acceptsQuery(skipTypeWrappers(promise)) && !(broadcastSendIn(promise) && !retries())) return true;
      if (options.allowCleanup && (onlyClosesConnections(promise) || onlyRemovesTempFiles(promise) || (isInErrorPath(call) && onlyNotifies(promise)) || runsAtShutdown(call, sourceCode))) return true;
      // A Supabase query resolves with `{ error }`: the handler never runs. A side branch on a promise also returned or awaited: the rejection still reaches its waiters.
      if (isSupabaseQueryPromise(promise, file) || observedElsewhere(call, sourceCode)) return true;
      // Fire-and-forget telemetry to the developer's own machine: no work of the bot is lost.
      return valueDiscarded(call) && promise.type === AST_NODE_TYPES.CallExpression && toLoopbackHost(promise, sourceCode);
    },
    swallowing,
    noopSwallows(call, handler) {
      const path = getMemberPath(handler);
      const name = path?.[path.length - 1];
      return name !== undefined && NOOP_NAMES.has(name) && !skipped() && !promiseHandlesOwnErrors((call.callee as TSESTree.MemberExpression).object, file, loggers);
    },
  };
}

/**
 * `try { const { data, error } = await db.from('t').select('v').eq('k', key).single(); if (error || !data) return null; cache.set(key, data.value); return data.value } catch { return null }`:
 * every wait of the guarded code is a Supabase query whose `error` is taken out and read
 * ({@link queryAnsweringError}), and everything else only computes in the process (a call that runs
 * in the process, a method of a value made in it: `cache.set(…)` on a `new Map()`, `new Date()`).
 * supabase-js returns a query's failure in `error` instead of throwing it, so the `catch` never runs
 * for it: the failure is answered where `error` is read. Any other wait, call or `throw` is not this.
 */
function onlyAnswersSupabaseErrors(code: TSESTree.Node | null, file: FileRef): boolean {
  if (!code) return false;
  const chained = new Set<TSESTree.Node>();
  let queries = 0;
  let only = true;
  walkSameFunction(code, (node) => {
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const calls = queryAnsweringError(node, file);
      if (calls) {
        queries++;
        for (const call of calls) chained.add(call);
      } else {
        only = false;
      }
    } else if (node.type === AST_NODE_TYPES.CallExpression) {
      if (!chained.has(node) && !callRunsInProcess(node, file) && !callOnValueMadeInProcess(node, file)) only = false;
    } else if (node.type === AST_NODE_TYPES.NewExpression) {
      if (!isIdentifierNamed(node.callee, 'Date')) only = false;
    } else if (node.type === AST_NODE_TYPES.ThrowStatement || isWaitPoint(node)) {
      only = false;
    }
    return only;
  });
  return only && queries > 0;
}
