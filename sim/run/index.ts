/** A run of a scenario on one event timeline, and what it produces. @module */
export * from './run.js';
export * from './results.js';
export * from './outage-log.js';
