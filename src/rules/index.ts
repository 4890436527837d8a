import noSwallowedError from './no-swallowed-error.js';
import noUncheckedUpdateField from './no-unchecked-update-field.js';

/** The registry: one line per rule, file name == rule name. */
export const rules = {
  'no-swallowed-error': noSwallowedError,
  'no-unchecked-update-field': noUncheckedUpdateField,
};
