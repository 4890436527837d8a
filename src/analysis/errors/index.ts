/** The error-handling model: which calls report an error (loggers, trackers) and where a caught error goes. */
export { createLoggerMatcher, type LoggerMatcher } from './loggers.js';
