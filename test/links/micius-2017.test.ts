/**
 * The micius-2017 preset against Liao et al., Nature 549, 43 (2017): the channel-loss calibration on
 * the real pass geometry, and the reference pass of 2016-12-19 over Xinglong.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, assertInDelta } from '../helpers.js';
import { downlinkLoss, downlinkRates } from '../../sim/links/free-space.js';
import { fitAtmosphereAndFixedLoss } from '../../sim/links/loss-fit.js';
import { passKey } from '../../sim/links/pass-key.js';
import { getPreset } from '../../sim/links/presets.js';
import { buildLossFitRecord } from './fit-micius-loss.js';
import { CULMINATION, lossTableOnPass, referencePass, timesAtRange } from './reference-pass.js';

const PRESET = getPreset('micius-2017', 'downlink');
const P = PRESET.params;
/** The acceptance tolerance of issue 3, section 2. */
const LOSS_TOLERANCE_DB = 1.5;

const calibration = suite('micius-2017 channel loss vs Liao 2017 table (645-1200 km, real pass geometry)');
calibration('reproduces every table point within 1.5 dB', () => {
  for (const row of lossTableOnPass()) {
    const residualDb = downlinkLoss(row.rangeKm, row.elevationDeg, P).channelDb - row.lossDb;
    assert.ok(Math.abs(residualDb) <= LOSS_TOLERANCE_DB, `${row.rangeKm} km (${row.branch}): residual ${residualDb.toFixed(2)} dB`);
  }
});
calibration('issue-14: the 1200 km point: the loss rise from 645 km matches the table (9.0 dB) within 0.2 dB on both branches', () => {
  // No term of the model grows too slowly with range: diffraction (5.3 dB) plus air mass (3.7 dB)
  // rise by the table's 9.0 dB. The model sits 0.9 dB below the table at both ends (and above it in
  // between): the table is more curved than any smooth range or air-mass law (sim/links/README.md).
  const t = timesAtRange(1200)!;
  const culminationDb = downlinkLoss(CULMINATION.rangeKm, CULMINATION.elevationDeg, P).channelDb;
  for (const tMs of [t.riseMs, t.setMs]) {
    const g = referencePass(tMs);
    const riseDb = downlinkLoss(g.rangeKm, g.elevationDeg, P).channelDb - culminationDb;
    assertInDelta(riseDb, 39.0 - 30.0, 0.2, `loss rise 645 -> 1200 km at ${g.elevationDeg.toFixed(1)} deg, dB`);
  }
});
calibration('preset values are the least-squares fit rounded to 0.01 dB, and are tagged [F]', () => {
  const fit = fitAtmosphereAndFixedLoss(lossTableOnPass(), P);
  assertInDelta(P.zenithLossDb, fit.zenithLossDb, 0.005, 'zenithLossDb');
  assertInDelta(P.fixedLossDb, fit.fixedLossDb, 0.005, 'fixedLossDb');
  assert.match(PRESET.provenance.zenithLossDb, /^\[F\]/);
  assert.match(PRESET.provenance.fixedLossDb, /^\[F\]/);
});
calibration('the fit record test/reference/micius-2017-loss-fit.json (quoted by sim/links/README.md) is current: it equals a fresh fit (not an oracle; regenerate with test/links/fit-micius-loss.ts --write)', () => {
  const stored = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'micius-2017-loss-fit.json'), 'utf8'));
  assert.equal(stored, JSON.parse(JSON.stringify(buildLossFitRecord())));
});
calibration.run();

const window = (() => {
  const t = timesAtRange(1200)!;
  return { startMs: t.riseMs, endMs: t.setMs };
})();

const rates = suite('micius-2017 sifted rate on the reference pass (Liao 2017 [S]: ~1 kbit/s at 1200 km, 10-14 kbit/s near 645 km)');
rates('near 645 km (culmination, 47.8 deg) the sifted rate is within the published 10-14 kbit/s', () => {
  const r = downlinkRates(CULMINATION.rangeKm, CULMINATION.elevationDeg, P);
  assert.ok(r.siftedRateBps >= 10_000 && r.siftedRateBps <= 14_000, `${r.siftedRateBps} bit/s`);
});
rates('issue-14: at 1200 km (both branches, ~19.5 deg) it is "about 1 kbit/s" within 2.5 dB (1.7 kbit/s = +2.3 dB here)', () => {
  // Error budget of the comparison, in dB: the fit sits 0.9 dB below the 39.0 dB table point, and the
  // two published readings disagree with each other: the sifted rate falls ~10.8 dB (12 -> 1 kbit/s)
  // while the loss table rises 9.0 dB, so even at the table's own loss the model gives 1.39 kbit/s
  // (+1.4 dB; checked below). 0.9 + 1.4 = 2.3 dB, tolerance 2.5 dB.
  for (const t of [window.startMs, window.endMs]) {
    const g = referencePass(t);
    const r = downlinkRates(g.rangeKm, g.elevationDeg, P);
    assertInDelta(10 * Math.log10(r.siftedRateBps / 1000), 0, 2.5, `sifted rate vs 1 kbit/s at ${g.elevationDeg.toFixed(1)} deg, dB`);
    const lossDb = downlinkLoss(g.rangeKm, g.elevationDeg, P).channelDb;
    const atTableLoss = downlinkRates(g.rangeKm, g.elevationDeg, { ...P, fixedLossDb: P.fixedLossDb + 39.0 - lossDb });
    assertInDelta(10 * Math.log10(atTableLoss.siftedRateBps / 1000), 1.4, 0.1, 'at the table loss (39.0 dB), dB above 1 kbit/s');
  }
});
rates.run();

const pass = suite('passKey over the Liao 2017 reference pass, 645-1200 km window');
pass('the window lasts ~272 s ([D] from the SGP4 geometry) and the step is converged: halving 10 s changes < 0.5 %', () => {
  const r10 = passKey(referencePass, window, P, { stepMs: 10_000 });
  const r5 = passKey(referencePass, window, P, { stepMs: 5_000 });
  assertInDelta(r10.keyWindowS, 272, 2, 'key window, s');
  for (const key of ['siftedBits', 'secretBits', 'secretBitsAsymptotic'] as const) {
    assertInDelta(r5[key] / r10[key], 1, 0.005, `${key} step halving`);
  }
});
pass('gives ~300 kbit of final key at ~1.1 kbit/s (CAS press release on Liao 2017 [S]; within 15 %)', () => {
  const r = passKey(referencePass, window, P);
  assertInDelta(r.secretBits / 300e3, 1, 0.15, 'finite-key bits / ~300 kbit');
  assertInDelta(r.meanSecretKeyRateBps / 1100, 1, 0.15, 'mean key rate / 1.1 kbit/s');
  assert.ok(r.secretBits < r.secretBitsAsymptotic, 'finite key below the asymptotic limit');
});
pass('its sifted bits and asymptotic bits are the time integrals of the instantaneous rates (independent 0.5 s trapezoid, 0.5 %)', () => {
  const r = passKey(referencePass, window, P);
  let sifted = 0;
  let asymptotic = 0;
  const n = Math.round((window.endMs - window.startMs) / 500);
  for (let i = 0; i <= n; i++) {
    const g = referencePass(window.startMs + ((window.endMs - window.startMs) * i) / n);
    const x = downlinkRates(g.rangeKm, g.elevationDeg, P);
    const w = ((i === 0 || i === n ? 0.5 : 1) * (window.endMs - window.startMs)) / n / 1000;
    sifted += w * x.siftedRateBps;
    asymptotic += w * x.secretKeyRateBps;
  }
  assertInDelta(r.siftedBits / sifted, 1, 0.005, 'sifted bits / trapezoid');
  assertInDelta(r.secretBitsAsymptotic / asymptotic, 1, 0.005, 'asymptotic bits / trapezoid');
  assert.ok(r.counts.mu.detected + r.counts.nu.detected + r.counts.omega.detected - r.siftedBits < 1e-6 * r.siftedBits);
});
pass.run();
