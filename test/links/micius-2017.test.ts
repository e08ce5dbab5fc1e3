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
calibration('reproduces every table point within 1.5 dB (max residual 0.92 dB)', () => {
  let maxResidualDb = 0;
  for (const row of lossTableOnPass()) {
    const residualDb = downlinkLoss(row.rangeKm, row.elevationDeg, P).channelDb - row.lossDb;
    assert.ok(Math.abs(residualDb) <= LOSS_TOLERANCE_DB, `${row.rangeKm} km (${row.branch}): residual ${residualDb.toFixed(2)} dB`);
    maxResidualDb = Math.max(maxResidualDb, Math.abs(residualDb));
  }
  assertInDelta(maxResidualDb, 0.92, 0.01, 'max |residual|, dB');
});
calibration('preset values are the least-squares fit rounded to 0.01 dB, and are tagged [F]', () => {
  const fit = fitAtmosphereAndFixedLoss(lossTableOnPass(), P);
  assertInDelta(P.zenithLossDb, fit.zenithLossDb, 0.005, 'zenithLossDb');
  assertInDelta(P.fixedLossDb, fit.fixedLossDb, 0.005, 'fixedLossDb');
  assert.match(PRESET.provenance.zenithLossDb, /^\[F\]/);
  assert.match(PRESET.provenance.fixedLossDb, /^\[F\]/);
});
calibration('test/reference/micius-2017-loss-fit.json matches a fresh fit (regenerate with test/links/fit-micius-loss.ts --write)', () => {
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
rates('at 1200 km (both branches, ~19.5 deg) it is "about 1 kbit/s": within a factor 2, i.e. 0.5-2 kbit/s (1.7 here)', () => {
  for (const t of [window.startMs, window.endMs]) {
    const g = referencePass(t);
    const r = downlinkRates(g.rangeKm, g.elevationDeg, P);
    assert.ok(r.siftedRateBps >= 500 && r.siftedRateBps <= 2000, `${r.siftedRateBps} bit/s at ${g.elevationDeg} deg`);
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
pass('gives 1.92 Mbit sifted, 310 kbit finite-key and 488 kbit asymptotic (regression; README compares with the recalled ~300 kbit)', () => {
  const r = passKey(referencePass, window, P);
  assertInDelta(r.siftedBits / 1.923e6, 1, 0.02, 'sifted bits');
  assertInDelta(r.secretBits / 310.2e3, 1, 0.02, 'finite-key bits');
  assertInDelta(r.secretBitsAsymptotic / 488.4e3, 1, 0.02, 'asymptotic bits');
  assertInDelta(r.qber, 0.0119, 0.0005, 'QBER');
  assert.ok(r.secretBits < r.secretBitsAsymptotic, 'finite key below the asymptotic limit');
  assert.ok(r.counts.mu.detected + r.counts.nu.detected + r.counts.omega.detected - r.siftedBits < 1e-6 * r.siftedBits);
});
pass.run();
