// Worker thread entry of `qkdsim study` (a piscina worker). It registers tsx's CommonJS hooks and
// requires the case runner: tsx compiles each TypeScript module to CommonJS in this thread, and the
// ESM-only packages (satellite.js) load through Node's require(esm) (Node >= 20.19). This starts in
// about 0.5 s where tsx's ESM hooks (`tsx/esm/api`, which run in a separate loader thread and also
// intercept every package import) take 1.5 to 2.5 s, more when several workers start at once.
// Piscina keeps each worker for many cases, so this cost is paid once per worker.
'use strict';
require('tsx/cjs/api').register();

// Each case is checked against the run-size limits first (case-limits.ts), then run.
module.exports = require('./case-limits.ts').runCaseWithinLimits;
