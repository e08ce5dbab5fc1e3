import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import { keyWindowSegments, passKey, type PassGeometryFn } from '../../sim/links/pass-key.js';
import { downlinkRates } from '../../sim/links/free-space.js';
import { getPreset } from '../../sim/links/presets.js';

const P = getPreset('micius-2017', 'downlink').params; // key mask 10 deg, night below -12 deg
const HALF_SECOND_MS = 500;
const T0 = Date.UTC(2020, 0, 1);

/** Elevation rising at 0.1 deg/s from 0 (crosses the 10 deg mask at 100 s), fixed 800 km range. */
const rising: PassGeometryFn = (t) => ({ rangeKm: 800, elevationDeg: (t - T0) / 10_000 });

const windowSuite = suite('keyWindowSegments(geometry, window, params)');
windowSuite('finds the mask crossing to within the boundary tolerance', () => {
  const segs = keyWindowSegments(rising, { startMs: T0, endMs: T0 + 400_000 }, P, 10_000, 50);
  assert.is(segs.length, 1);
  assertInDelta(segs[0]![0] - T0, 100_000, 50, 'start, ms');
  assert.is(segs[0]![1], T0 + 400_000);
});
windowSuite('splits at a dip below the mask and at sunrise', () => {
  const dip: PassGeometryFn = (t) => ({ rangeKm: 800, elevationDeg: 30 - 25 * Math.exp(-(((t - T0 - 200_000) / 30_000) ** 2)) });
  const segs = keyWindowSegments(dip, { startMs: T0, endMs: T0 + 400_000 }, P, 10_000, 50);
  assert.is(segs.length, 2);
  const sunrise: PassGeometryFn = (t) => ({ rangeKm: 800, elevationDeg: 40, sunElevationDeg: -20 + (t - T0) / 10_000 });
  const day = keyWindowSegments(sunrise, { startMs: T0, endMs: T0 + 400_000 }, P, 10_000, 50);
  assertInDelta(day[0]![1] - T0, 80_000, 50, 'key ends when the Sun reaches -12 deg, ms');
});
windowSuite.run();

const pass = suite('passKey(geometry, window, link, options)');
pass('integrates a constant geometry exactly: sifted bits = sifted rate x duration', () => {
  const still: PassGeometryFn = () => ({ rangeKm: 700, elevationDeg: 42 });
  const r = passKey(still, { startMs: T0, endMs: T0 + 100_000 }, P);
  const rate = downlinkRates(700, 42, P);
  assertInDelta(r.keyWindowS, 100, 1e-9, 'window, s');
  assertInDelta(r.siftedBits / (rate.siftedRateBps * 100), 1, 1e-12, 'sifted ratio');
  assertInDelta(r.secretBitsAsymptotic / (rate.secretKeyRateBps * 100), 1, 1e-12, 'asymptotic ratio');
  assertInDelta(r.qber, rate.qber, 1e-12, 'QBER');
  assertInDelta(r.counts.mu.sent, 1e8 * 0.5 * 100, 1e-3, 'signals sent');
  assert.ok(r.secretBits > 0 && r.secretBits < r.secretBitsAsymptotic && Number.isInteger(r.secretBits));
});
pass('returns zeros (not NaN) for a pass that never clears the mask', () => {
  const low: PassGeometryFn = () => ({ rangeKm: 2000, elevationDeg: 5 });
  const r = passKey(low, { startMs: T0, endMs: T0 + 600_000 }, P);
  assert.equal([r.keyWindowS, r.siftedBits, r.secretBits, r.secretBitsAsymptotic, r.meanSiftedRateBps], [0, 0, 0, 0, 0]);
  assert.is(r.keyWindowStartMs, null);
});
pass('clips the integral at the mask crossing, so the result converges as the step shrinks', () => {
  const r10 = passKey(rising, { startMs: T0, endMs: T0 + 400_000 }, P, { stepMs: 10_000 });
  const r5 = passKey(rising, { startMs: T0, endMs: T0 + 400_000 }, P, { stepMs: 5_000 });
  assertInDelta(r10.keyWindowS, 300, HALF_SECOND_MS / 1000, 'window, s');
  assertInDelta(r10.siftedBits / r5.siftedBits, 1, 1e-4, 'step halving');
});
pass('keyBases X gives about half the key of both bases for the 50/50 source', () => {
  const still: PassGeometryFn = () => ({ rangeKm: 700, elevationDeg: 42 });
  const w = { startMs: T0, endMs: T0 + 300_000 };
  const ratio = passKey(still, w, P, { keyBases: 'X' }).secretBits / passKey(still, w, P).secretBits;
  assertInDelta(ratio, 0.5, 0.01, 'X / both');
});
pass('rejects a window that ends before it starts and a non-positive step', () => {
  assert.throws(() => passKey(rising, { startMs: T0 + 1, endMs: T0 }, P), /endMs >= startMs/);
  assert.throws(() => passKey(rising, { startMs: T0, endMs: T0 + 1 }, P, { stepMs: 0 }), /stepMs must be > 0, got 0/);
});
pass.run();
