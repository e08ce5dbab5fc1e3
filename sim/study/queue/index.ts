/** Studies on many machines: a pg-boss job queue and a results database on PostgreSQL. @module */
export * from './connection.js';
export * from './retry.js';
export * from './schema.js';
export * from './db.js';
export * from './task.js';
export * from './enqueue.js';
export * from './records.js';
export * from './worker.js';
export * from './follow.js';
export * from './embedded.js';
export * from './case-pool.js';
export * from './listing.js';
