/**
 * The options module ESLint's worker threads load (`ESLint.fromOptionsModule`): configs hold plugin
 * objects that cannot be cloned into a worker, so each worker rebuilds them from the run's parameters,
 * carried in this module's URL.
 */
import { lintOptions, paramsFromSearch } from './lint-options.js';

const { options } = await lintOptions(paramsFromSearch(new URL(import.meta.url).searchParams));

export default options;
