/** The HTTP client model: clients and wrappers, request deadlines, response checks, and their fixes. */
export { CLIENT_OPTION_ITEM, HttpModel, httpModelOf, type HttpCall, type WrapperClient } from './clients.js';
export { ModuleDefaults, deadlineOf, timeoutValue, type TrustedEntries } from './deadline.js';
export { RESPONSE_SENDS, RESPONSE_SETTERS } from './answers.js';
export { addArgument, addProperty } from './fixes.js';
export { toOwnBackend } from './own-backend.js';
export { hasNoHttpStatus, lookupOption, rejectsBeforeSending, requestsChatMethod, toBotApiFile, toBotApiHost, toLoopbackHost } from './values.js';
export {
  AXIOS_RESPONSE,
  FETCH_RESPONSE,
  GOT_RESPONSE,
  KY_RESPONSE,
  UNDICI_RESPONSE,
  findUncheckedRead,
  statusOption,
  type UncheckedRead,
} from './response.js';
