/** The key network: key pools and their ledgers, rate sharing, routing, one-off requests. @module */
export * from './key-pool.js';
export * from './allocation.js';
export * from './routing.js';
export * from './network.js';
export * from './requests.js';
export * from './router.js';
