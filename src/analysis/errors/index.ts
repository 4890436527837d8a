/**
 * The error-handling model: which calls report an error (loggers, trackers) and where a caught error
 * goes. It reads only the AST, framework and SQL models (the SQL: an idempotent migration), so the
 * function summaries, HTTP and input models read it here; whether a handler swallows the error is the `swallowed/` model's, above them.
 */
export { createLoggerMatcher, DEFAULT_LOGGERS, type LoggerMatcher } from './loggers.js';
export { CONVERSIONS, NOOP_NAMES, analyseHandler, answersClientError, broadcastSendIn, countsFailures, dealsWithFailure, guardedCode, isBroadcastSend, isClientErrorStatusOption, isInErrorPath, isInProcessFallback, isSyncFallback, leavesFailureFlag, namesFailedRecipient, observedElsewhere, onlyClosesConnections, onlyRemovesTempFiles, onlyNotifies, onlyStartsPromises, onlyTalksToUser, readsError, readsUpdateOnly, validatesInput, type Handler, type InProcess, type Verdict } from './catch-handlers.js';
export { adminSeesFailure, disablesEmptyRule, explainsIgnoring, onlyAdminReaches, readsBodyBeforeThrow, runsAtShutdown } from './surroundings.js';
export { answersAsErrorListener, createsMissingPath, decodesAnotherWay, isCheckedBodyFallback, isExistenceProbe, isHealthProbe, isLoggedProbe, isMembershipProbe, isReadFallback, isRequestBodyFallback, isTokenCheck, onlyAddsToSchema, onlyCreatesIndexes, repeatsGuardedWork, reportsResponseStatus } from './fallbacks.js';
export { fallsBackOnAnswer, rejectsAsAnswer } from './expected-rejections.js';
