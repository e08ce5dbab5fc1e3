/**
 * issue-11: the run-size estimate (sim/scenario/estimate.ts). Its counts are worked out by hand
 * from the formulas of the module comment; it bounds the events of every shipped scenario's real
 * run from above (and not absurdly: within a factor 10); and a run over a limit is refused before
 * it starts, by `qkdsim run` and its flags, naming the parts that make it big.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../sim/run/index.js';
import { CLI_RUN_LIMITS, SERVER_RUN_LIMITS, checkRunSize, estimateRun, expectedPassesPerDay, runSizeIssues } from '../../sim/scenario/estimate.js';
import { loadScenarioFile, parseScenarioText } from '../../sim/scenario/index.js';
import { REPO_ROOT, assertInDelta, fixturePath, issuesOf } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

const FIBRE = `name: est
start: 2020-03-01T00:00:00Z
days: 1
nodes: [{ id: a, kind: user }, { id: r, kind: relay }, { id: z, kind: user }]
links:
  - { kind: fiber, from: a, to: r, lengthKm: 20 }
  - { kind: fiber, from: r, to: z, lengthKm: 30 }
demands:
  - { id: v, kind: constant, from: a, to: z, rateBps: 128 }
  - { id: s, kind: poisson, from: z, to: a, meanIntervalS: 20, maxWaitS: 120, size: { distribution: fixed, bits: 1000 } }
output: { sampleIntervalS: 600 }
`;
const load = (text: string) => parseScenarioText(text, 'est.yaml', REPO_ROOT);

const est = suite('estimateRun(scenario)');

est('counts of a fibre scenario, by hand', () => {
  const e = estimateRun(load(FIBRE));
  // Samples: ceil(86 400 000 ms / 600 000 ms) + 1 = 145.
  // Poisson arrivals: A = 86 400 / 20 = 4320, 5 sigma up: ceil(4320 + 5 x 65.7267 + 1) = 4650.
  // Waiting: arrivals within 120 s, 6 on average, 5 sigma up: ceil(6 + 5 x 2.4495 + 1) = 20.
  // Events: 145 samples + 2 x (2 constant + 2 x 4650 Poisson) (one wake each) = 18 749.
  assert.is(e.events, 18_749);
  assert.is(e.waiting, 20);
  // Work: 18 749 x (1 + 20 / 100) = 22 498.8.
  assert.ok(Math.abs(e.work - 22_498.8) < 1e-6, String(e.work));
  // Memory: 145 samples x (2 links + 1) x 96 bytes + 4650 requests x 200 bytes = 971 760.
  assert.is(e.memoryBytes, 971_760);
  assert.is(e.passes, 0);
});
est('samples that only stream to pools.csv cost no memory', () => {
  const e = estimateRun(load(FIBRE), { keepSeries: false });
  // Only the 4650 requests x 200 bytes are kept; the events are the same 18 749.
  assert.is(e.memoryBytes, 930_000);
  assert.is(e.events, 18_749);
  assert.match(e.parts[0]!.what, '(streamed to pools.csv, not kept)');
});

est('expected passes a day: a polar orbit over an equatorial station, worked by hand', () => {
  // n = 15.2 rev/day = 1.10538e-3 rad/s, a = (mu / n^2)^(1/3) = 6 883.4 km; the cap at a 10 deg mask:
  // psi = acos(6 371 cos 10 deg / 6 883.4) - 10 deg = 0.42381 - 0.17453 = 0.24928 rad. A polar
  // orbit's latitude is uniform in time, so its ground track covers the equator with a density of
  // 1 / (2 pi^2) per steradian; the cap (area ~ pi psi^2) holds the satellite a fraction
  // f = psi^2 / (2 pi) of the time; a pass lasts the mean chord (pi / 2) psi over n; so
  // 86 400 f n / ((pi / 2) psi) = 86 400 n psi / pi^2 = 2 x 15.2 x psi / pi = 2.412 passes a day
  // (small-cap area: the exact cap is 0.4 % smaller).
  assertInDelta(expectedPassesPerDay(90, 15.2, 0, 10), 2.412, 0.02, 'passes a day');
  // No pass from a station beyond the cap's reach of the track (equatorial orbit, station at 60 deg).
  assert.is(expectedPassesPerDay(0, 15.2, 60, 10), 0);
});

est('the pass estimate is 1.5 times the expected passes of each satellite-station pair, plus one', () => {
  const s = loadScenarioFile(fixturePath('scenarios', 'small.yaml'));
  const e = estimateRun(s);
  const days = s.durationMs / 86_400_000;
  let want = 0;
  for (const station of ['xinglong', 'graz']) {
    const lat = s.stations.find((x) => x.id === station)!.latDeg;
    const sets = s.satellites[0]!.satellite.sets;
    want += Math.ceil(1.5 * days * Math.max(...sets.map((x) => expectedPassesPerDay(x.inclinationDeg, x.meanMotionRevPerDay, lat, 10)))) + 1;
  }
  assert.is(e.passes, want);
});

est('bounds the events and passes of every shipped scenario and a Walker constellation from above, within a factor 10', () => {
  const files = [
    ...readdirSync(join(REPO_ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml') && f !== 'stations.yaml').map((f) => join(REPO_ROOT, 'scenarios', f)),
    fixturePath('scenarios', 'small.yaml'),
  ];
  assert.ok(files.length >= 4);
  for (const file of files) {
    const s = loadScenarioFile(file);
    const e = estimateRun(s);
    const run = runScenario(s);
    assert.ok(e.events >= run.stats.events, `${file}: estimated ${e.events} events, ran ${run.stats.events}`);
    assert.ok(e.events <= 10 * run.stats.events, `${file}: estimated ${e.events} events, ran only ${run.stats.events}`);
    assert.ok(e.passes >= run.passes.length, `${file}: estimated at most ${e.passes} passes, found ${run.passes.length}`);
  }
});

est('bounds a run whose requests arrive every second', () => {
  const s = load(FIBRE.replace('meanIntervalS: 20', 'meanIntervalS: 1'));
  const e = estimateRun(s);
  const run = runScenario(s);
  assert.ok(e.events >= run.stats.events, `estimated ${e.events}, ran ${run.stats.events}`);
});

const limits = suite('runSizeIssues / checkRunSize');

limits('shipped scenarios fit the server limits', () => {
  for (const f of readdirSync(join(REPO_ROOT, 'scenarios')).filter((x) => x.endsWith('.yaml') && x !== 'stations.yaml')) {
    assert.equal(runSizeIssues(loadScenarioFile(join(REPO_ROOT, 'scenarios', f)), SERVER_RUN_LIMITS, f), [], f);
  }
});

limits('a run of a year of 10 ms arrivals is refused, naming the demand and what to change', () => {
  const s = load(FIBRE.replace('days: 1', 'days: 365').replace('meanIntervalS: 20', 'meanIntervalS: 0.01'));
  const issues = issuesOf(() => checkRunSize(s, CLI_RUN_LIMITS, 'est.yaml'));
  assert.is(issues.length, 2);
  assert.match(issues[0]!, /^est\.yaml: expected a run of at most 200,000,000 events \(the limit of qkdsim run; --max-events changes it\), got an estimated [\d,]+: /);
  assert.match(issues[0]!, /demand s \(poisson, meanIntervalS 0\.01 s\): up to 3,153,\d{3},\d{3} requests \([\d,]+ events; raise meanIntervalS of demand s or shorten its start\.\.end\)/);
  assert.match(issues[1]!, /^est\.yaml: expected a run needing at most 4,096 MiB \(the limit of qkdsim run; --max-memory-mb changes it\), got an estimated [\d,]+ MiB/);
});

limits('requests that pile up (slow to serve, long to wait) count for their checks', () => {
  // 1 request/s waiting up to 10 days: W = 86 400 x (1 + 5/sqrt(86 400)) + 1 = 87 871 (all of a day's).
  const s = load(FIBRE.replace('meanIntervalS: 20, maxWaitS: 120', 'meanIntervalS: 1, maxWaitS: 864000'));
  const e = estimateRun(s);
  assert.is(e.waiting, 87_871);
  // Work: events x (1 + 87 871 / 100) = 879.71 x events.
  assert.ok(Math.abs(e.work / e.events - 879.71) < 1e-9, String(e.work / e.events));
  const issues = issuesOf(() => checkRunSize(s, SERVER_RUN_LIMITS, 'est.yaml'));
  assert.match(issues[0]!, /up to 87,871 requests waiting at once, each checked after every event .*shorten maxWaitS or raise meanIntervalS/);
});

limits('samples every second of a year over 200 links are refused for memory', () => {
  const nodes = Array.from({ length: 201 }, (_, i) => `{ id: n${i}, kind: relay }`).join(', ');
  const links = Array.from({ length: 200 }, (_, i) => `{ kind: fiber, from: n${i}, to: n${i + 1}, lengthKm: 20 }`).join(', ');
  const s = load(`start: 2020-03-01T00:00:00Z\ndays: 365\nnodes: [${nodes}]\nlinks: [${links}]\noutput: { sampleIntervalS: 1 }\n`);
  const issues = issuesOf(() => checkRunSize(s, CLI_RUN_LIMITS, 'wide.yaml'));
  assert.ok(issues.some((l) => /needing at most 4,096 MiB.*output\.sampleIntervalS 1 s over 365 days: 31,536,001 samples of 200 pool\(s\)/.test(l)), issues.join('\n'));
});
limits('...unless they only stream to pools.csv: a summary run of the same scenario is not refused for memory', () => {
  const nodes = Array.from({ length: 201 }, (_, i) => `{ id: n${i}, kind: relay }`).join(', ');
  const links = Array.from({ length: 200 }, (_, i) => `{ kind: fiber, from: n${i}, to: n${i + 1}, lengthKm: 20 }`).join(', ');
  const s = load(`start: 2020-03-01T00:00:00Z\ndays: 365\nnodes: [${nodes}]\nlinks: [${links}]\noutput: { sampleIntervalS: 1 }\n`);
  const issues = runSizeIssues(s, { ...CLI_RUN_LIMITS, maxEvents: 1e12 }, 'wide.yaml', { keepSeries: false });
  assert.equal(issues, []);
});

const cli = suite('qkdsim run: size limits');

cli('refuses an oversize run before running it (no output folder), and --max-events raises the limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-est-'));
  const file = join(dir, 'busy.yaml');
  writeFileSync(file, FIBRE.replace('meanIntervalS: 20', 'meanIntervalS: 2'));
  const out = join(dir, 'out');
  const refused = await runCli('run', file, '--out', out, '--max-events', '1000', '--quiet');
  assert.is(refused.code, 2);
  assert.match(refused.err, /^qkdsim: .*busy\.yaml: expected a run of at most 1,000 events \(the limit of qkdsim run; --max-events changes it\)/);
  assert.not.ok(existsSync(out), 'nothing written');
  const ran = await runCli('run', file, '--out', out, '--max-events', '1000000', '--quiet');
  assert.is(ran.code, 0, ran.err);
  assert.ok(existsSync(join(out, 'report.json')));
});

cli('bad limit flags are refused', async () => {
  const r = await runCli('run', fixturePath('scenarios', 'small.yaml'), '--max-events', '0', '--max-memory-mb', 'lots');
  assert.is(r.code, 2);
  assert.equal(r.err.trim().split('\n'), ['qkdsim: --max-events: expected an integer in [1000, 1000000000000], got "0"', 'qkdsim: --max-memory-mb: expected an integer in [16, 1048576], got "lots"']);
});

est.run();
limits.run();
cli.run();
