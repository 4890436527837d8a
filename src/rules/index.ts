import noSwallowedError from './no-swallowed-error.js';
import noUnguardedDecrement from './no-unguarded-decrement.js';
import requireOnConflict from './require-on-conflict.js';
import requireForUpdate from './require-for-update.js';
import requireTransaction from './require-transaction.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'no-unguarded-decrement': noUnguardedDecrement,
  'require-on-conflict': requireOnConflict,
  'require-for-update': requireForUpdate,
  'require-transaction': requireTransaction,
};
