/** Orbits and passes: element sets, SGP4 propagation, look angles, the Sun, pass windows. @module */
export * from './time.js';
export * from './tle.js';
export * from './omm.js';
export * from './omm-json.js';
export * from './omm-kvn.js';
export * from './omm-xml.js';
export * from './element-sets.js';
export * from './propagate.js';
export * from './look.js';
export * from './search.js';
export * from './sun.js';
export * from './hermite.js';
export * from './pass-details.js';
export * from './passes.js';
export * from './track.js';
export * from './stations.js';
export * from './walker.js';
