import noSwallowedError from './no-swallowed-error.js';
import noUncheckedUpdateField from './no-unchecked-update-field.js';
import requireBotErrorHandler from './require-bot-error-handler.js';
import requireNumberValidation from './require-number-validation.js';
import requireHttpTimeout from './require-http-timeout.js';
import requireResponseCheck from './require-response-check.js';
import noUnguardedDecrement from './no-unguarded-decrement.js';
import requireOnConflict from './require-on-conflict.js';
import requireForUpdate from './require-for-update.js';
import requireTransaction from './require-transaction.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'no-unchecked-update-field': noUncheckedUpdateField,
  'require-bot-error-handler': requireBotErrorHandler,
  'require-number-validation': requireNumberValidation,
  'require-http-timeout': requireHttpTimeout,
  'require-response-check': requireResponseCheck,
  'no-unguarded-decrement': noUnguardedDecrement,
  'require-on-conflict': requireOnConflict,
  'require-for-update': requireForUpdate,
  'require-transaction': requireTransaction,
};
