/** The shared AST and scope helpers: one home per helper, one behaviour each. */
export * from './nodes.js';
export * from './walk.js';
export { awaitsInSameFunction, fileIndex, fileIndexWork, type FileIndex } from './file-index.js';
export { returnArguments, returnedValues, returnWork, type ReturnArguments } from './returns.js';
export * from './scope.js';
export * from './modules.js';
export { isOneShotTimerCallback, isTimerTick, TIMER_CLEARS, TIMER_SCHEDULERS } from './timers.js';
export { browserByItself, callsClientHooks, exportsServerFunctions, hasDirective, isFrontendManifest, REACT_EFFECT_HOOKS, serverByItself } from './browser.js';
export { fileMemo } from './file-memo.js';
export { manifestIn, manifestsAbove, manifestWork, nearestManifest, nodeVersionCeiling, rangeCeiling, type Manifest } from './manifest.js';
export { exportedValue, exportsName, exportsOf, exportsWork, isCommonJsModule } from './exports.js';
export { listElements } from './lists.js';
export { enclosingClassBody, injectedFields, isStaticElement, thisClassBody, thisClassElement, type ClassMember, type InjectedField } from './injection.js';
export { classFieldValues, classMemberBase, classMemberValue, classWork, dispatchCalls, namedMethodCalls, thisMembers, type ThisMember, type ThisMembers } from './classes.js';
export { environmentVariable, onlyOutsideProduction } from './environment.js';
export { escapeRegExp, GLOBAL_BULK_WRITE } from './regexp.js';
export { firstStartingFrom, partitionPoint } from './sorted.js';
