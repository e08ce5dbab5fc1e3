/** The network: key pools, routing, demands and the run loop. @module */
export * from './key-pool.js';
export * from './allocation.js';
export * from './routing.js';
export * from './network.js';
export * from './pass-plan.js';
export * from './requests.js';
export * from './results.js';
export * from './run.js';
export * from './router.js';
export * from './weather.js';
export * from './faults.js';
export * from './scheduling.js';
export * from './satellite-ops.js';
export * from './outage-log.js';
