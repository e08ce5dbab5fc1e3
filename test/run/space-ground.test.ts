/**
 * The satellite as a store-and-forward trusted relay, on-board capacity and key lifetime, weather,
 * scheduling between stations that see the satellite at once, and fibre faults: hand-built networks
 * with hand-made passes (times in seconds after the start; key enters a store at its window's end).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NightWeather } from '../../sim/environment/index.js';
import { runScenario, type RunResult } from '../../sim/run/index.js';
import { RandomStreams as Streams } from '../../sim/engine/index.js';
import { assertInDelta } from '../helpers.js';
import { downlink, fakePass, fakeSatellite, fakeStation, fiber, groundScenario } from './fixtures.js';

function assertLedgers(r: RunResult): void {
  for (const l of r.links) assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, `ledger of ${l.id}`);
}

const relay = suite('satellite relay (K_A xor K_B)');
relay('a request between two stations is served only once both on-board stores hold it, spending the same bits from each', () => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B')],
    [{ id: 'otp', kind: 'bulk', from: 'A', to: 'B', bits: 2000, startMs: 0, deadlineMs: 1_000_000 }], 1_000_000,
    { satellites: [fakeSatellite('S')], stations: [fakeStation('A'), fakeStation('B')] });
  const passes = [fakePass('S-A', 'A', 50, 100, 5000), fakePass('S-B', 'B', 150, 200, 3000)];
  const r = runScenario(s, { passes });
  const d = r.demands[0]!;
  assert.is(d.status, 'served');
  // Nothing was released at 100 s (only A's store held key); at 200 s both did.
  assertInDelta(d.requests.meanWaitS, 200, 0.001, 'served at, s');
  assert.equal(d.paths[0]!.nodes, ['A', 'S', 'B']);
  const a = r.links.find((l) => l.id === 'S-A')!;
  const b = r.links.find((l) => l.id === 'S-B')!;
  assert.equal([a.generatedBits, a.consumedBits, a.finalBits], [5000, 2000, 3000]);
  assert.equal([b.generatedBits, b.consumedBits, b.finalBits], [3000, 2000, 1000]);
  assertLedgers(r);
});
relay('relayed key continues over fibre: a Beijing-Vienna stream spends the same bits on all four hops', () => {
  const s = groundScenario(['beijing', 'vienna'], [
    fiber('beijing-A', 'beijing', 'A', 1000, { capacityBits: 1_000_000, initialBits: 100_000 }),
    downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B'),
    fiber('B-vienna', 'B', 'vienna', 1000, { capacityBits: 1_000_000, initialBits: 100_000 }),
  ], [{ id: 'call', kind: 'constant', from: 'beijing', to: 'vienna', rateBps: 128, startMs: 300_000, endMs: 300_000 + 75 * 60_000 }], 6_000_000,
  { satellites: [fakeSatellite('S')], stations: [fakeStation('A'), fakeStation('B')] });
  const r = runScenario(s, { passes: [fakePass('S-A', 'A', 50, 100, 700_000), fakePass('S-B', 'B', 150, 200, 700_000)] });
  const call = r.demands[0]!;
  assert.is(call.status, 'served');
  assert.is(call.requestedBits, 576_000, '128 bit/s for 75 minutes');
  assert.equal(call.paths[0]!.nodes, ['beijing', 'A', 'S', 'B', 'vienna']);
  for (const id of ['S-A', 'S-B', 'beijing-A', 'B-vienna']) assertInDelta(r.links.find((l) => l.id === id)!.consumedBits, 576_000, 1, `${id} consumed`);
  // From when could it have been held: once both stores had 576 kbit, after the second pass.
  assert.equal(call.readiness, { tMs: 200_000, passesBefore: { 'S-A': 1, 'S-B': 1 } });
  assertLedgers(r);
});
relay('no key on board: the satellite is not a route at all ("links exist only through stored key")', () => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B')],
    [{ id: 'otp', kind: 'bulk', from: 'A', to: 'B', bits: 10, startMs: 0, deadlineMs: 100_000 }], 100_000,
    { satellites: [fakeSatellite('S')], stations: [fakeStation('A'), fakeStation('B')] });
  const d = runScenario(s, { passes: [] }).demands[0]!;
  assert.is(d.status, 'failed');
  assert.match(d.reason!, /no route from A to B/);
});
relay.run();

const store = suite('on-board capacity and key lifetime');
store('a shared on-board memory limits all stores together; the excess of a pass is discarded and counted', () => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B')], [], 1_000_000,
    { satellites: [fakeSatellite('S', { onboardCapacityBits: 6000 })], stations: [fakeStation('A'), fakeStation('B')] });
  const r = runScenario(s, { passes: [fakePass('S-A', 'A', 50, 100, 5000), fakePass('S-B', 'B', 150, 200, 3000)] });
  const b = r.links.find((l) => l.id === 'S-B')!;
  assert.equal([b.generatedBits, b.discardedBits, b.finalBits], [3000, 2000, 1000]);
  assert.equal([...r.passDeliveredBits], [5000, 1000]);
  assertLedgers(r);
});
store('key older than the lifetime expires (discarded) and cannot be relayed any more', () => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A'), downlink('S-B', 'S', 'B')],
    [{ id: 'late', kind: 'bulk', from: 'A', to: 'B', bits: 100, startMs: 0, deadlineMs: 900_000 }], 1_000_000,
    { satellites: [fakeSatellite('S', { keyLifetimeMs: 150_000 })], stations: [fakeStation('A'), fakeStation('B')] });
  // A's key (added at 100 s) expires at 250 s, before B's pass ends at 400 s.
  const r = runScenario(s, { passes: [fakePass('S-A', 'A', 50, 100, 5000), fakePass('S-B', 'B', 350, 400, 3000)] });
  const a = r.links.find((l) => l.id === 'S-A')!;
  assert.equal([a.discardedBits, a.finalBits], [5000, 0]);
  assert.is(r.demands[0]!.status, 'failed');
  assert.is(r.series.levels[0]![r.series.tMs.indexOf(200_000)], 5000, 'still held at 200 s');
  assertLedgers(r);
});
store.run();

const weather = suite('weather');
const passesOverNights = (n: number) => Array.from({ length: n }, (_, k) => fakePass('S-A', 'A', 86_400 * k + 3600, 86_400 * k + 3900, 1000));
const weatherRun = (p: number, seed = 1, nights = 60) => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A', { capacityBits: 1e9 })], [], nights * 86_400_000,
    { seed, satellites: [fakeSatellite('S')], stations: [fakeStation('A', 0, { clearProbabilityByMonth: Array(12).fill(p), persistence: 0.3, source: 'test' })] });
  return runScenario(s, { passes: passesOverNights(nights) });
};
weather('with clear probability 1 every night pass keys; with 0 none does (reported as clouded)', () => {
  const all = weatherRun(1);
  assert.ok(all.passOutcomes.every((o) => o === 'keyed'));
  const none = weatherRun(0);
  assert.ok(none.passOutcomes.every((o) => o === 'clouded'));
  assert.is(none.links[0]!.generatedBits, 0);
  assert.ok(none.nights.every((n) => n.clear === false && n.deliveredBits === 0));
});
weather('the seed reproduces the weather and another seed changes it', () => {
  assert.equal(weatherRun(0.5, 7).passOutcomes, weatherRun(0.5, 7).passOutcomes);
  assert.not.equal(weatherRun(0.5, 7).passOutcomes, weatherRun(0.5, 8).passOutcomes);
});
weather('NightWeather: over 20 000 nights the clear fraction is p within 4 standard errors and the lag-1 correlation is r', () => {
  const p = 0.63;
  const r = 0.3;
  const n = 20_000;
  const w = new NightWeather({ clearProbabilityByMonth: Array(12).fill(p), persistence: r, source: 'test' }, new Streams(42).stream('weather:x'));
  const xs: number[] = Array.from({ length: n }, (_, k) => (w.isClear(k) ? 1 : 0));
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  // Standard error of a Markov chain's mean: sqrt(p (1-p) / n x (1 + r) / (1 - r)).
  const se = Math.sqrt(((p * (1 - p)) / n) * ((1 + r) / (1 - r)));
  assertInDelta(mean, p, 4 * se, 'clear fraction');
  let cov = 0;
  for (let k = 1; k < n; k++) cov += (xs[k]! - mean) * (xs[k - 1]! - mean);
  const corr = cov / (n - 1) / (mean * (1 - mean));
  assertInDelta(corr, r, 4 / Math.sqrt(n), 'lag-1 correlation');
});
weather.run();

const sched = suite('one station at a time');
const twoAtOnce = (scheduling: 'highest-elevation' | 'first-come' | 'lowest-key', initialB = 0, initialA = 0) => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A', { initialBits: initialA }), downlink('S-B', 'S', 'B', { initialBits: initialB })], [], 1_000_000,
    { satellites: [fakeSatellite('S', { scheduling })], stations: [fakeStation('A'), fakeStation('B')] });
  // A rises first but culminates lower; the key windows overlap.
  return runScenario(s, { passes: [fakePass('S-A', 'A', 100, 400, 5000, 30), fakePass('S-B', 'B', 200, 500, 8000, 60)] });
};
sched('highest-elevation (default) serves B, first-come serves A, lowest-key serves the emptier store', () => {
  assert.equal(twoAtOnce('highest-elevation').passOutcomes, ['not-scheduled', 'keyed']);
  assert.equal(twoAtOnce('first-come').passOutcomes, ['keyed', 'not-scheduled']);
  assert.equal(twoAtOnce('lowest-key', 0).passOutcomes, ['keyed', 'not-scheduled'], 'ties go to the earlier pass');
  assert.equal(twoAtOnce('lowest-key', 10_000).passOutcomes, ['keyed', 'not-scheduled'], 'B holds more: A is served');
  const r = twoAtOnce('first-come');
  assert.equal([...r.passDeliveredBits], [5000, 0]);
});
sched('lowest-key is not first-come: when the earlier station A holds more key, the later B is served', () => {
  // With equal stores lowest-key served A, unlike highest-elevation (above); with A holding more it
  // serves B, unlike first-come, which looks at arrival only. Together: three different policies.
  assert.equal(twoAtOnce('first-come', 0, 10_000).passOutcomes, ['keyed', 'not-scheduled']);
  assert.equal(twoAtOnce('lowest-key', 0, 10_000).passOutcomes, ['not-scheduled', 'keyed']);
  assert.equal([...twoAtOnce('lowest-key', 0, 10_000).passDeliveredBits], [0, 8000]);
});
sched('one telescope tracks one satellite: two satellites over one station at once, only one pass is served', () => {
  const s = groundScenario([], [downlink('S-A', 'S', 'A'), downlink('T-A', 'T', 'A')], [], 1_000_000,
    { satellites: [fakeSatellite('S'), fakeSatellite('T')], stations: [fakeStation('A')] });
  const p1 = fakePass('S-A', 'A', 100, 400, 5000, 30);
  const p2 = { ...fakePass('T-A', 'A', 200, 500, 8000, 60) };
  const r = runScenario(s, { passes: [p1, p2] });
  assert.equal(r.passOutcomes, ['not-scheduled', 'keyed'], 'highest elevation wins at the shared station');
  // Without overlap both are served.
  const r2 = runScenario(s, { passes: [p1, fakePass('T-A', 'A', 450, 700, 8000, 60)] });
  assert.equal(r2.passOutcomes, ['keyed', 'keyed']);
});
sched.run();

const faults = suite('fibre faults');
faults('a scheduled outage forces a reroute; the demand is still served, and the outage lists it', () => {
  const links = [
    fiber('A-B', 'A', 'B', 100, { capacityBits: 100_000, initialBits: 50_000 }),
    fiber('A-C', 'A', 'C', 100, { capacityBits: 100_000, initialBits: 50_000 }),
    fiber('C-B', 'C', 'B', 100, { capacityBits: 100_000, initialBits: 50_000 }),
  ];
  (links[0] as { outages: unknown }).outages = [{ startMs: 100_000, endMs: 200_000, reason: 'cable cut' }];
  const s = groundScenario(['A', 'B', 'C'], links, [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 50, startMs: 0, endMs: 300_000 }], 300_000);
  const r = runScenario(s);
  const d = r.demands[0]!;
  assert.equal(d.paths.map((p) => [p.tMs, p.links.join('+')]), [[0, 'A-B'], [100_000, 'A-C+C-B'], [200_000, 'A-B']]);
  assert.is(d.status, 'served');
  assert.is(r.outages.length, 1);
  assert.equal([r.outages[0]!.link, r.outages[0]!.rerouted, Math.round(r.outages[0]!.shortfallBits)], ['A-B', ['d'], 0]);
  // No generation while down: 100 bit/s for 200 s of 300 s.
  assert.is(r.links[0]!.generatedBits, 20_000);
  assertLedgers(r);
});
faults('without another path the outage costs exactly the demand it starves', () => {
  const link = fiber('A-B', 'A', 'B', 100, { capacityBits: 100_000, initialBits: 50_000 });
  (link as { outages: unknown }).outages = [{ startMs: 100_000, endMs: 200_000, reason: 'maintenance' }];
  const r = runScenario(groundScenario(['A', 'B'], [link], [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 50, startMs: 0, endMs: 300_000 }], 300_000));
  assert.is(r.demands[0]!.status, 'partial');
  assertInDelta(r.demands[0]!.servedBits, 10_000, 1, 'served bits (200 s x 50 bit/s)');
  assertInDelta(r.outages[0]!.shortfallBits, 5000, 1, 'outage cost: 100 s x 50 bit/s');
});
faults('random failures are drawn from the link seed: same seed same outages, other seed other outages', () => {
  const make = (seed: number) => {
    const link = fiber('A-B', 'A', 'B', 100);
    (link as { faults: unknown }).faults = { mtbfMs: 3_600_000 * 24, mttrMs: 3_600_000 * 4 };
    return runScenario(groundScenario(['A', 'B'], [link], [], 86_400_000 * 60, { seed }));
  };
  const a = make(3).outages.map((o) => [o.startMs, o.endMs]);
  assert.ok(a.length > 20 && a.length < 100, `outages in 60 days at MTBF 1 d: ${a.length}`);
  assert.equal(make(3).outages.map((o) => [o.startMs, o.endMs]), a);
  assert.not.equal(make(4).outages.map((o) => [o.startMs, o.endMs]), a);
});
faults.run();

