/** The user-input model: where numbers parsed from user text flow and whether they are validated. */
export * from './number-flow.js';
export { onlyInAdminState } from './admin-state.js';
export { parsedTextOrigin, type ParsedTextOrigin } from './text-origin.js';
