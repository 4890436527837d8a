import noSwallowedError from './no-swallowed-error.js';
import requireForUpdate from './require-for-update.js';
import requireTransaction from './require-transaction.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'require-for-update': requireForUpdate,
  'require-transaction': requireTransaction,
};
