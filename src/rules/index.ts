import noSwallowedError from './no-swallowed-error.js';
import requireHttpTimeout from './require-http-timeout.js';
import requireResponseCheck from './require-response-check.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'require-http-timeout': requireHttpTimeout,
  'require-response-check': requireResponseCheck,
};
