/** The environment a network runs in: weather (clear nights) and link faults. @module */
export * from './weather.js';
export * from './faults.js';
