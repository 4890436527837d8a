/**
 * Function summaries: what a called function does, asked by several rules. This entry point gives
 * the resolution (which function a call runs, in this file or a project file it imports; who calls
 * a function); the facts (does it reject, log, check a status, read or write a table) live in one
 * file each beside it.
 */
export { calledFunction, callersOf, createdClass, instanceMethods, loadedFunctions, referencedFunction, type CalledFunction, type ClassInFile, type FileRef } from './functions.js';
export { objectMethodCallers, onlyEnteredFrom, projectCallersOf, projectUsesOf, runsOnlyAtStartup, type CallSite, type EntryTest, type ValueSite } from './callers.js';
export { callAlwaysThrows, callAnswersRequest, callHandlesOwnErrors, callOnlyTalksToUser, callOnValueMadeInProcess, callRunsInProcess, codeHandlesOwnErrors, errorSummaryWork, functionNeverFails, inProcessWork, onlyQueriesSupabase, promiseHandlesOwnErrors, returnsErrorResult, runsInProcess, runsInProcessAnswering, STRING_METHODS } from './errors.js';
export { boundedByCallers, callAnswersClientError, isDeadlineBounded, returnsRawResponse } from './http.js';
export { listProjectFiles } from '../project/index.js';
export { BAILEYS_PACKAGES, FCA_PACKAGES, MAX_IMPORTERS, botProjectFrameworks, botProjectRoot, esReexportsOf, filesMatchingUnder, parsedImportersOf, projectFile, projectFilesMatching, projectFunctionsNamed, projectValue, projectWork, telegramProjectRoot, workspaceDependencyRoots, workspacePackageRoot, workspaceRootOf } from './project.js';
export { dataSummaryOf, dataSummaryWork, parameterIndex, sqlWritesOfCall, type DataSummary, type DataWrite, type SqlAssignment } from './data.js';
export { factoryParameterClient, passedClientOf, type PassedClient } from './factories.js';
export { isBrowserModule } from './browser.js';
export { originOf, type Origin } from './origins.js';
