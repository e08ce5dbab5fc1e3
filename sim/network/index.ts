/** The network: key pools, routing, demands and the run loop. @module */
export * from './key-pool.js';
export * from './allocation.js';
export * from './routing.js';
export * from './network.js';
export * from './pass-plan.js';
export * from './requests.js';
export * from './results.js';
export * from './run.js';
