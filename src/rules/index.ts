import noSwallowedError from './no-swallowed-error.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
};
