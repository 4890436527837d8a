/** The money model: money-like and idempotency columns, SQL decrements and inserts, where inserted values come from. */
export * from './columns.js';
export { checkedInOneStretch, comparedBefore, comparedBeforeAwaited, comparedInFile, findSqlDecrements, findSqlInserts, markerWork, readComparedBefore, stretchWork } from './sql.js';
export { holdWork } from './held.js';
export { awaitsOutsideCallBetween, outsideCallWork, storesOutsideResult } from './outside-calls.js';
export { movesValue, type WritesBack } from './moves-value.js';
export { splitWrites, type SplitWriteQuestions, type StartupWrites } from './split-writes.js';
export { isMintedByCallers, isMintedValue, isOptionalArgument } from './value-origin.js';
