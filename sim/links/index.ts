/** Link physics: decoy-state BB84, finite key, fibre and free-space channels, pass key. @module */
export * from './bb84-decoy.js';
export * from './block-counts.js';
export * from './fiber.js';
export * from './finite-key.js';
export * from './free-space.js';
export * from './link-model.js';
export * from './loss-fit.js';
export * from './pass-key.js';
export * from './params.js';
export * from './presets.js';
export * from './validate.js';
export * from './satellite-pass-key.js';
