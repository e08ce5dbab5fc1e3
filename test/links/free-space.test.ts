import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import { airMass, atmosphereLossDb, beamRadiusM, diffractionLossDb, downlinkLoss, downlinkRates } from '../../sim/links/free-space.js';
import { getPreset } from '../../sim/links/presets.js';

const MICIUS = getPreset('micius-2017', 'downlink').params;

const beam = suite('beamRadiusM(rangeKm, optics) and diffractionLossDb(rangeKm, optics)');
beam('grows linearly far away: 10 urad full angle is 5 m of radius at 1000 km', () => {
  assertInDelta(beamRadiusM(1000, MICIUS), Math.hypot(0.15, 5), 1e-12, 'radius, m');
  assert.is(beamRadiusM(0, MICIUS), 0.15);
});
beam('a diffraction-limited beam (divergence 0) spreads by lambda / (pi w0)', () => {
  const optics = { ...MICIUS, divergenceUrad: 0 };
  const halfAngle = 848.62e-9 / (Math.PI * 0.15);
  assertInDelta(beamRadiusM(1000, optics), Math.hypot(0.15, halfAngle * 1e6), 1e-9, 'radius, m');
});
beam('follows the 1/L^2 law far away: 645 -> 1200 km costs 20 log10(1200/645) = 5.39 dB (shared/reference/README.md: 5.4 dB)', () => {
  const small = { ...MICIUS, receiveApertureM: 0.2 }; // aperture << beam: 1 - exp(-x) ~ x
  assertInDelta(diffractionLossDb(1200, small) - diffractionLossDb(645, small), 20 * Math.log10(1200 / 645), 0.01, 'dB');
  // A 1 m aperture already catches ~5 % of the beam at 645 km, so the law is 0.08 dB short there.
  assertInDelta(diffractionLossDb(1200, MICIUS) - diffractionLossDb(645, MICIUS), 5.31, 0.01, 'dB with 1 m');
});
beam('collects everything through an aperture much larger than the beam', () => {
  assertInDelta(diffractionLossDb(1, { ...MICIUS, receiveApertureM: 10 }), 0, 1e-9, 'dB');
});
beam.run();

const air = suite('airMass(elevationDeg) (Kasten & Young 1989)');
air('is 1 at zenith and close to the plane-parallel sec z high up', () => {
  assertInDelta(airMass(90), 1, 1e-3, 'zenith');
  for (const el of [30, 45, 60, 75]) {
    const secZ = 1 / Math.sin((el * Math.PI) / 180);
    assertInDelta(airMass(el) / secZ, 1, 0.005, `ratio at ${el} deg`);
  }
  assertInDelta(airMass(15) / (1 / Math.sin((15 * Math.PI) / 180)), 1, 0.02, 'ratio at 15 deg');
});
air('stays finite at the horizon (~38) and rejects elevations outside [0, 90]', () => {
  assertInDelta(airMass(0), 37.92, 0.01, 'horizon');
  assert.throws(() => airMass(-1), /elevation must be in \[0, 90\] deg, got -1/);
});
air('scales the zenith loss', () => {
  assertInDelta(atmosphereLossDb(30, 2), 2 * airMass(30), 1e-12, 'dB');
});
air.run();

const budget = suite('downlinkLoss(rangeKm, elevationDeg, params)');
budget('adds diffraction, atmosphere and fixed loss; the detector comes on top', () => {
  const l = downlinkLoss(800, 35, MICIUS);
  assertInDelta(l.channelDb, l.diffractionDb + l.atmosphereDb + MICIUS.fixedLossDb, 1e-12, 'channel');
  assertInDelta(l.totalDb - l.channelDb, 10 * Math.log10(2), 1e-12, 'detector 50 %');
  assert.throws(() => downlinkLoss(-1, 35, MICIUS), /range must be >= 0 km, got -1/);
});
budget.run();

const rates = suite('downlinkRates(rangeKm, elevationDeg, params, sunElevationDeg?)');
rates('is closed below the key mask and in daylight, with every rate exactly 0', () => {
  for (const r of [downlinkRates(900, 9.9, MICIUS), downlinkRates(900, 30, MICIUS, 5), downlinkRates(900, -3, MICIUS)]) {
    assert.is(r.inKeyWindow, false);
    assert.is(r.siftedRateBps, 0);
    assert.is(r.secretKeyRateBps, 0);
  }
  assert.is(downlinkRates(900, 30, MICIUS, -20).inKeyWindow, true);
});
rates('sifted rate is rep rate x q x sum p_k Q_k: ~ eta x 0.425 x 1e8 / 2 when noise is negligible', () => {
  const r = downlinkRates(700, 42, MICIUS);
  assertInDelta(r.siftedRateBps / (r.transmittance * 0.425 * 1e8 * 0.5), 1, 0.02, 'ratio');
});
rates('the secret key rate falls with range at fixed elevation', () => {
  let previous = Number.POSITIVE_INFINITY;
  for (let km = 500; km <= 3000; km += 250) {
    const key = downlinkRates(km, 45, MICIUS).secretKeyRateBps;
    assert.ok(key <= previous, `${km} km`);
    previous = key;
  }
});
rates.run();
