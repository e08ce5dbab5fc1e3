/** Satellite operations: the pass plan and its key, scheduling of conflicting passes, nights. @module */
export * from './pass-plan.js';
export * from './scheduling.js';
export * from './satellite-ops.js';
