import noSwallowedError from './no-swallowed-error.js';
import requireBotErrorHandler from './require-bot-error-handler.js';
import requireNumberValidation from './require-number-validation.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'require-bot-error-handler': requireBotErrorHandler,
  'require-number-validation': requireNumberValidation,
};
