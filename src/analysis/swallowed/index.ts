/**
 * The swallowed-error model: whether a `catch` clause or a rejection handler swallows the error, and
 * how (the exemptions, in order, and the kind of swallowing). It composes the error-handling model
 * (`errors/`: what a handler does) with the effects, HTTP, store and function-summary models, so it
 * sits above them all: those models read `errors/index.js` without a cycle through this one.
 */
export { swallowedErrors, type SwallowedErrors, type SwallowOptions, type Swallowing } from './swallowed.js';
