/** Capacity-planning studies: study files, their cases, parallel runs and results. @module */
export * from './schema.js';
export * from './paths.js';
export * from './cases.js';
export * from './metrics.js';
export * from './load.js';
export * from './run-case.js';
export * from './results.js';
export * from './run.js';
export * from './case-limits.js';
