/**
 * runScenario on hand-built networks whose outcome is worked out by hand (rates are chosen so that
 * every event time is a whole number of milliseconds or its rounding is stated).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { STOCK_THRESHOLD_BITS } from '../../sim/network/index.js';
import { runScenario } from '../../sim/run/index.js';
import { assertInDelta } from '../helpers.js';
import { fiber, groundScenario } from './fixtures.js';

/** The ledger identity on every link of a result. */
function assertLedgers(result: ReturnType<typeof runScenario>): void {
  for (const l of result.links) {
    assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, `ledger of ${l.id}`);
    assert.ok(l.ledgerBalanced);
    assert.ok(l.finalBits >= 0 && l.finalBits <= l.capacityBits);
  }
}

const chain = suite('runScenario: 3-node chain, one constant demand (worked by hand)');
chain('A-R 100 bit/s, R-B 50 bit/s with 20 kbit stored, demand A->B 80 bit/s for 1000 s', () => {
  // R-B holds 20 000 bits and drains at 80 - 50 = 30 bit/s: empty at 20 000 / 30 = 666.667 s.
  // Until then the flow gets its 80 bit/s (A-R generates 100 >= 80), after it only R-B's 50 bit/s.
  // Served = 80 x 666.667 + 50 x 333.333 = 53 333.3 + 16 666.7 = 70 000 bits of 80 000 requested;
  // starved (below 80 bit/s) for the last 333.333 s, in one stretch.
  const s = groundScenario(['A', 'R', 'B'], [fiber('A-R', 'A', 'R', 100), fiber('R-B', 'R', 'B', 50, { initialBits: 20_000, capacityBits: 100_000 })],
    [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 80, startMs: 0, endMs: 1_000_000 }], 1_000_000);
  const r = runScenario(s);
  const d = r.demands[0]!;
  assert.is(d.requestedBits, 80_000);
  assertInDelta(d.servedBits, 70_000, 2, 'served bits');
  // The pool counts as dry below STOCK_THRESHOLD_BITS (2 bits): 2 / 30 bit/s = 0.067 s early.
  const dryEarlyS = STOCK_THRESHOLD_BITS / 30;
  assertInDelta(d.starvedS, 333.333 + dryEarlyS, 0.002, 'starved s');
  assertInDelta(d.longestStarvedS, 333.333 + dryEarlyS, 0.002, 'longest starved s');
  assert.is(d.status, 'partial');
  assert.match(d.reason!, /^key ran out on link R-B/);
  // A-R: generated 100 000, consumed 70 000, fills to its 10 000 capacity and discards the rest.
  const ar = r.links.find((l) => l.id === 'A-R')!;
  assert.equal([ar.generatedBits, ar.finalBits], [100_000, 10_000]);
  assertInDelta(ar.consumedBits, 70_000, 2, 'A-R consumed');
  const rb = r.links.find((l) => l.id === 'R-B')!;
  assert.is(rb.generatedBits, 50_000);
  assert.ok(rb.finalBits <= STOCK_THRESHOLD_BITS, `R-B ends dry (<= ${STOCK_THRESHOLD_BITS} bits), holds ${rb.finalBits}`);
  assertLedgers(r);
});
chain('with enough stored key the demand is served in full and never starved', () => {
  const s = groundScenario(['A', 'R', 'B'], [fiber('A-R', 'A', 'R', 100), fiber('R-B', 'R', 'B', 50, { initialBits: 50_000, capacityBits: 100_000 })],
    [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 80, startMs: 0, endMs: 1_000_000 }], 1_000_000);
  const d = runScenario(s).demands[0]!;
  assert.equal([d.status, d.reason, d.starvedS], ['served', null, 0]);
  assertInDelta(d.servedBits, 80_000, 1, 'served bits');
});
chain.run();

const bulk = suite('runScenario: bulk requests');
bulk('a 5000-bit request on a 100 bit/s link that starts empty is served at exactly 50 s', () => {
  const s = groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 100, { capacityBits: 1_000_000 })],
    [{ id: 'f', kind: 'bulk', from: 'A', to: 'B', bits: 5000, startMs: 0, deadlineMs: 100_000 }], 200_000);
  const d = runScenario(s).demands[0]!;
  assert.is(d.status, 'served');
  assertInDelta(d.requests.meanWaitS, 50, 0.001, 'wait s');
  assert.equal(d.paths[0]!.links, ['A-B']);
  assert.is(d.paths[0]!.tMs, 50_000);
});
bulk('a request the link cannot fill by its deadline is dropped with the short link named', () => {
  const s = groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 100, { capacityBits: 1_000_000 })],
    [{ id: 'f', kind: 'bulk', from: 'A', to: 'B', bits: 20_000, startMs: 0, deadlineMs: 100_000 }], 200_000);
  const r = runScenario(s);
  const d = r.demands[0]!;
  assert.equal([d.status, d.servedBits, d.requests.dropped], ['failed', 0, 1]);
  assert.match(d.reason!, /1 of 1 request\(s\) dropped: short of key on link A-B \(1\)/);
  assertLedgers(r);
});
bulk.run();

const reroute = suite('runScenario: key-aware rerouting');
reroute('a flow leaves a direct link when its pool drops to WARNING, for a two-hop path with key', () => {
  // Direct A-B: 10 bit/s, 1000 stored, warning at 500; demand 20 bit/s drains it at 10 bit/s:
  // WARNING after ~50 s, when the detour A-C-B (two READY hops) becomes cheaper.
  const s = groundScenario(['A', 'B', 'C'], [
    fiber('A-B', 'A', 'B', 10, { initialBits: 1000, warningBits: 500, capacityBits: 10_000 }),
    fiber('A-C', 'A', 'C', 1000, { initialBits: 100_000, warningBits: 500, capacityBits: 1_000_000 }),
    fiber('C-B', 'C', 'B', 1000, { initialBits: 100_000, warningBits: 500, capacityBits: 1_000_000 }),
  ], [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 20, startMs: 0, endMs: 100_000 }], 100_000);
  // A-B then refills at 10 bit/s and is READY again only at its resume level (2 x 500 bits), after
  // 50 s more: beyond this 100 s run, so exactly one change.
  const r = runScenario(s);
  const d = r.demands[0]!;
  assert.is(d.paths.length, 2);
  assert.equal(d.paths[0]!.links, ['A-B']);
  assert.equal(d.paths[1]!.links, ['A-C', 'C-B']);
  // WARNING once fewer than 500 whole bits remain: 501 bits below the start, after 50.1 s at 10 bit/s net.
  assertInDelta(d.paths[1]!.tMs, 50_100, 1, 'reroute time ms');
  assert.is(d.status, 'served');
  assert.is(r.stats.routeChanges, 1);
  assertLedgers(r);
});
reroute('with no path at all the demand fails with "no route"', () => {
  const s = groundScenario(['A', 'B', 'C'], [fiber('A-C', 'A', 'C', 10)], [{ id: 'd', kind: 'constant', from: 'A', to: 'B', rateBps: 1, startMs: 0, endMs: 10_000 }], 10_000);
  const d = runScenario(s).demands[0]!;
  assert.equal([d.status, d.servedBits], ['failed', 0]);
  assert.match(d.reason!, /^no route from A to B for 10\.0 s/);
});
reroute.run();

const det = suite('runScenario: determinism');
det('the same scenario and seed give identical results; Poisson arrivals depend on the seed', () => {
  const make = (seed: number) => groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 1000, { capacityBits: 100_000 })],
    [{ id: 'p', kind: 'poisson', from: 'A', to: 'B', meanIntervalS: 10, size: { distribution: 'exponential', meanBits: 8000 }, maxWaitS: 30, startMs: 0, endMs: 3_600_000 }], 3_600_000, { seed });
  const a = JSON.stringify(runScenario(make(1)));
  const b = JSON.stringify(runScenario(make(1)));
  const c = JSON.stringify(runScenario(make(2)));
  assert.is(a, b);
  assert.is.not(a, c);
});
det.run();
