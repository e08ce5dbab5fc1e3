/**
 * Worker thread entry of `qkdsim study` when qkdsim runs from its compiled build (dist/): piscina
 * calls the default export for each case. (From the TypeScript sources, worker.cjs is used instead:
 * it registers tsx first.)
 * @module
 */
import { runCase } from './run-case.js';

export default runCase;
