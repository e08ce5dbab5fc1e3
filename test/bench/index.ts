/**
 * `npm run bench`: qkdsim's performance targets, each printed with a baseline or target measured in
 * the same run. Wall times depend on the machine; ratios and counts are the stable part.
 */
import { benchPasses } from './passes.bench.js';
import { benchLinks } from './links.bench.js';
import { benchIntegrated, benchNetwork } from './network.bench.js';
import { benchStudy } from './study.bench.js';
import { benchScale } from './scale.bench.js';
import { benchDashboard } from './dashboard.bench.js';
import { benchKme } from './kme.bench.js';
import { benchQueue } from './queue.bench.js';
import { allRows } from './harness.js';
import { execFileSync } from 'node:child_process';

console.log(`qkdsim benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
// The whole-process rows run the compiled build: make sure it is the current sources'.
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
benchPasses();
benchLinks();
benchNetwork();
benchIntegrated();
await benchStudy();
benchScale();
await benchDashboard();
await benchKme();
await benchQueue();
const missed = allRows().filter((r) => r.target && !r.target.met);
console.log(`\n${allRows().length} results, ${missed.length} targets not met`);
