/**
 * startRun(scenario): a run advanced step by step (the KME server's view of the network). Advancing
 * in any steps gives the same result as one run straight through; key taken between events comes
 * out of every hop's pool, as a one-off request's would; a take that cannot be served takes nothing.
 * Expected values are worked out by hand from the rates below.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { buildReport, reportJson } from '../../sim/report/run-report.js';
import { runScenario, startRun } from '../../sim/run/index.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';
import { fiber, groundScenario } from './fixtures.js';

const test = suite('startRun(scenario)');

test('advanced in uneven steps, then finished, gives the bytes of one run straight through', () => {
  const scenario = loadScenarioFile(join(REPO_ROOT, 'scenarios', 'fibre-chain.yaml'), { days: 0.25 });
  const straight = reportJson(buildReport(runScenario(scenario)));
  const live = startRun(scenario);
  for (const t of [0, 1, 999, 1000, 60_000, 3_600_000, 3_600_001, 10_000_000, 21_600_000]) live.advanceTo(t);
  assert.is(live.nowMs, 21_600_000);
  assert.is(reportJson(buildReport(live.finish())), straight);
});

test('takeKey spends the bits on every hop of the route and the ledgers show them', () => {
  // A-R and R-B generate 100 bit/s each, capacity 10 000: at t = 50 s each holds 5 000 bits.
  const s = groundScenario(['A', 'R', 'B'], [fiber('A-R', 'A', 'R', 100), fiber('R-B', 'R', 'B', 100)], [], 100_000);
  const live = startRun(s);
  live.advanceTo(50_000);
  const got = live.takeKey('A', 'B', 3_000);
  assert.ok(got.ok);
  if (got.ok) {
    assert.equal(got.links, ['A-R', 'R-B']);
    assert.is(got.tMs, 50_000);
  }
  const levels = live.pools().map((p) => p.levelBits);
  assert.equal(levels, [2_000, 2_000]);
  // 2 000 + 100 bit/s x 50 s = 7 000 at the end on each; consumed 3 000 each.
  const result = live.finish();
  for (const l of result.links) {
    assert.is(l.consumedBits, 3_000, l.id);
    assert.is(l.finalBits, 7_000, l.id);
    assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits);
  }
  assert.equal(result.taken, [{ from: 'A', to: 'B', bits: 3_000, transfers: 1 }]);
});

test('a take larger than the weakest hop holds takes nothing and names that hop', () => {
  // R-B makes 10 bit/s: at 50 s it holds 500 bits, A-R 5 000.
  const s = groundScenario(['A', 'R', 'B'], [fiber('A-R', 'A', 'R', 100), fiber('R-B', 'R', 'B', 10)], [], 100_000);
  const live = startRun(s);
  live.advanceTo(50_000);
  const got = live.takeKey('A', 'B', 501);
  assert.not.ok(got.ok);
  if (!got.ok) assert.match(got.reason, /short of key on link R-B \(500 bits held, 501 needed\)/);
  assert.equal(live.pools().map((p) => p.consumedBits), [0, 0]);
  assert.ok(live.takeKey('A', 'B', 500).ok);
  assert.equal(live.pools().map((p) => p.levelBits), [4_500, 0]);
  assert.not.ok(live.takeKey('A', 'nowhere', 1).ok);
});

test('pools() reports levels at nowMs, and availableBits the widest keyed route, taking nothing', () => {
  // A-R 100 bit/s, R-B 10 bit/s: at 37 s (no event since 0) A-R holds 3 700 bits, R-B 370; the
  // direct A-B link (1 bit/s) holds 37: the widest A-B route is A-R-B with 370.
  const s = groundScenario(['A', 'R', 'B'], [fiber('A-R', 'A', 'R', 100), fiber('R-B', 'R', 'B', 10), fiber('A-B', 'A', 'B', 1)], [], 100_000);
  const live = startRun(s);
  live.advanceTo(37_000);
  assert.equal(live.pools().map((p) => p.levelBits), [3_700, 370, 37]);
  assert.equal(live.pools().map((p) => p.lifetimeMs), [null, null, null]);
  assert.is(live.availableBits('A', 'B'), 370);
  assert.is(live.availableBits('A', 'R'), 3_700);
  assert.is(live.availableBits('A', 'nowhere'), 0);
  assert.equal(live.pools().map((p) => p.consumedBits), [0, 0, 0]);
  assert.ok(live.takeKey('A', 'B', 370).ok);
  assert.is(live.availableBits('A', 'B'), 37);
});

test('the clock only moves forward and within the span', () => {
  const s = groundScenario(['A', 'B'], [fiber('A-B', 'A', 'B', 1)], [], 10_000);
  const live = startRun(s);
  live.advanceTo(5_000);
  assert.throws(() => live.advanceTo(4_999), /\[5000, 10000\], got 4999/);
  assert.throws(() => live.advanceTo(10_001), /got 10001/);
  assert.throws(() => live.takeKey('A', 'B', 0.5), /whole number of bits/);
  live.finish();
  assert.throws(() => live.finish(), /finished already/);
});

test.run();
