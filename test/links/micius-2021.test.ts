/**
 * The micius-2021 preset against Chen et al., Nature 589, 214 (2021): its one fitted value (the
 * clock rate) and the checks the published text supports beyond that fit. The fit itself and the
 * definition of a typical pass: test/reference/fit-micius-2021.ts.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, assertInDelta } from '../helpers.js';
import { basisBiasForSifting } from '../../sim/links/bb84-decoy.js';
import { passKey } from '../../sim/links/pass-key.js';
import { getPreset } from '../../sim/links/presets.js';
import { PUBLISHED_RATE_BPS, buildFitRecord, typicalPassRates } from '../reference/fit-micius-2021.js';
import { referencePass, timesAtRange } from './reference-pass.js';

const P21 = getPreset('micius-2021', 'downlink');
const P17 = getPreset('micius-2017', 'downlink');
const stored = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'reference', 'micius-2021-fit.json'), 'utf8'));

const fit = suite('micius-2021 clock-rate fit (Chen et al. 2021 [P]: 47.8 kbit/s average per typical pass)');
fit('test/reference/micius-2021-fit.json is current: it equals a fresh fit (a record the docs quote, not an oracle; regenerate with test/reference/fit-micius-2021.ts --write)', () => {
  assert.equal(stored, JSON.parse(JSON.stringify(buildFitRecord())));
});
fit('the preset clock is the fitted one rounded to 3 digits, tagged [F], and reproduces 47.8 kbit/s within the rounding (< 0.5 %)', () => {
  assert.is(P21.params.repRateHz, stored.fit.presetRepRateHz);
  assert.match(P21.provenance.repRateHz, /^\[F\] /);
  const rates = typicalPassRates(P21.params).map((r) => r.rateBps);
  assert.ok(rates.length >= 10, `${rates.length} typical passes`);
  const meanBps = rates.reduce((a, b) => a + b, 0) / rates.length;
  assertInDelta(meanBps / PUBLISHED_RATE_BPS, 1, 0.005, 'typical-pass mean / 47.8 kbit/s');
});
fit('fewest fitted values: the clock is the only [F] value that is not the micius-2017 loss fit', () => {
  const fitted = Object.entries(P21.provenance).filter(([, text]) => text.startsWith('[F]')).map(([key]) => key);
  assert.equal(fitted.sort(), ['repRateHz', 'zenithLossDb']);
  assert.is(P21.params.zenithLossDb, P17.params.zenithLossDb);
});
fit('no fixed-loss fudge: the fixed loss differs from micius-2017 by exactly the 3 dB of Yin et al. 2020 [P]', () => {
  assertInDelta(P17.params.fixedLossDb - P21.params.fixedLossDb, 3, 1e-9, 'fixed-loss change, dB');
  for (const key of ['wavelengthNm', 'divergenceUrad', 'transmitApertureM', 'mu', 'nu', 'omega'] as const) {
    assert.is(P21.params[key], P17.params[key], `${key}: the on-board transmitter is unchanged`);
  }
});
fit('the basis bias qx = 0.9 is the finite-key optimum on the typical passes (0.05 grid)', () => {
  assertInDelta(basisBiasForSifting(P21.params.siftingFactor), 0.9, 1e-9, 'qx');
  assert.is(stored.basisBiasCheck.optimalQx, 0.9);
});
fit.run();

const ratio = suite('micius-2021 against micius-2017 on the Liao 2017 reference pass');
ratio('"more than 40 times higher than achieved previously" (Chen et al. 2021 [P]) on the 2016-12-19 pass, 645-1200 km window', () => {
  // A pass outside the fit set (2016 geometry, Xinglong only, the 2017 data window).
  const t = timesAtRange(1200)!;
  const w = { startMs: t.riseMs, endMs: t.setMs };
  const before = passKey(referencePass, w, P17.params).meanSecretKeyRateBps;
  const after = passKey(referencePass, w, P21.params).meanSecretKeyRateBps;
  assert.ok(after / before > 40, `ratio ${after / before}`);
  // Published: 47.8 / ~1.1 = 43 [P]/[S]; the model's ratio stays within 15 % of it.
  assertInDelta(after / before / (47.8 / 1.1), 1, 0.15, 'ratio / published ratio');
});
ratio.run();
