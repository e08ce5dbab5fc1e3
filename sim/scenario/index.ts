/** Scenario files: the schema, the resolved model, and loading with every problem reported at once. @module */
export * from './schema.js';
export * from './model.js';
export * from './load.js';
export { BUNDLED_TLES } from './resolve-satellites.js';
export { DEFAULT_DAYS, MAX_DAYS, parseScenarioTime } from './time-span.js';
export * from './json-schema.js';
export type { Sae, ScenarioWithSaes } from './resolve-saes.js';
export * from './stations.js';
export { STREAM_NAMES } from './streams.js';
