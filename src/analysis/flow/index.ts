/** Control flow inside one function (exclusive branches, catch blocks, reads of a result) and per-function facts. */
export * from './control-flow.js';
export * from './function-facts.js';
export { heldBefore, heldWork } from './held-conditions.js';
export { evaluate, UNKNOWN, type Concrete, type Evaluated, type Evaluation } from './evaluate.js';
export { neverTaken, neverTakenWork } from './never-taken.js';
