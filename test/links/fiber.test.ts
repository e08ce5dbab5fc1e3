import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import { fiberFiniteKey, fiberKeyRate, fiberLossDb, fiberMaxDistanceKm, fiberSweep } from '../../sim/links/fiber.js';
import { getPreset } from '../../sim/links/presets.js';

const STD = getPreset('lim-2014', 'fiber').params;

const loss = suite('fiberLossDb(lengthKm, lossDbPerKm, extraLossDb)');
loss('is attenuation x length + extra', () => {
  assert.is(fiberLossDb(100, 0.2), 20);
  assertInDelta(fiberLossDb(50, 0.21, 3), 13.5, 1e-12, 'dB');
  assert.throws(() => fiberLossDb(-1, 0.2), /fibre length must be >= 0 km, got -1/);
});
loss.run();

const rate = suite('fiberKeyRate(lengthKm, params)');
rate('reports the loss and includes the detector in the transmittance', () => {
  const r = fiberKeyRate(50, STD);
  assert.is(r.lossDb, 10);
  assertInDelta(r.transmittance, 0.1 * 0.1, 1e-15, 'eta');
  assertInDelta(r.secretKeyRateBps, r.secretKeyPerPulse * STD.repRateHz, 1e-9, 'bit/s');
});
rate('an extra 10 dB costs exactly 50 km of 0.2 dB/km fibre', () => {
  assertInDelta(fiberKeyRate(20, { ...STD, extraLossDb: 10 }).secretKeyPerPulse, fiberKeyRate(70, STD).secretKeyPerPulse, 1e-18, 'key');
});
rate.run();

const max = suite('fiberMaxDistanceKm(params)');
max('is the edge of positive key, and extra loss shortens it by loss / attenuation', () => {
  const d = fiberMaxDistanceKm(STD);
  assert.ok(fiberKeyRate(d - 0.01, STD).secretKeyPerPulse > 0);
  assert.is(fiberKeyRate(d + 0.01, STD).secretKeyPerPulse, 0);
  assertInDelta(fiberMaxDistanceKm({ ...STD, extraLossDb: 6 }), d - 30, 0.01, 'km');
});
max('is 0 when no length gives key, and Infinity for a lossless fibre', () => {
  assert.is(fiberMaxDistanceKm({ ...STD, misalignment: 0.2 }), 0);
  assert.is(fiberMaxDistanceKm({ ...STD, lossDbPerKm: 0 }), Number.POSITIVE_INFINITY);
});
max.run();

const sweep = suite('fiberSweep(from, to, step, params)');
sweep('includes both ends without accumulating rounding', () => {
  const rows = fiberSweep(0, 1, 0.1, STD);
  assert.is(rows.length, 11);
  assert.is(rows[10]!.lengthKm, 1);
  assertInDelta(rows[3]!.lengthKm, 0.3, 1e-15, 'km');
  assert.throws(() => fiberSweep(10, 0, 1, STD), /sweep needs 0 <= from <= to and step > 0, got 10:0:1/);
});
sweep.run();

const finite = suite('fiberFiniteKey(lengthKm, params, blockPulses, options)');
finite('is below the asymptotic rate and closes the gap as the block grows (the documented finite-size penalty)', () => {
  const asym = fiberKeyRate(50, STD).secretKeyPerPulse;
  const opts = { epsSec: 1e-10, epsCor: 1e-15, ecEfficiency: STD.ecEfficiency, keyBases: 'both' as const };
  const small = fiberFiniteKey(50, STD, 1e9, opts).secretKeyPerPulse;
  const large = fiberFiniteKey(50, STD, 1e13, opts).secretKeyPerPulse;
  assert.ok(small < large, `${small} < ${large}`);
  assert.ok(large < asym * 1.5, `finite ${large} vs asymptotic ${asym}`);
});
finite.run();
