import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import {
  basisBiasForSifting,
  binaryEntropy,
  decoyKeyRate,
  gainOf,
  infiniteDecoyEstimate,
  intensityStats,
  secretKeyPerPulse,
  vacuumWeakEstimate,
  type Bb84Params,
} from '../../sim/links/bb84-decoy.js';
import { getPreset } from '../../sim/links/presets.js';

const GYS: Bb84Params = getPreset('gys-2004', 'fiber').params;
/** Overall transmittance of GYS fibre of a given length: 10^(-0.21 L / 10) x 4.5 %. */
const gysEta = (km: number) => Math.pow(10, (-0.21 * km) / 10) * 0.045;

const entropy = suite('binaryEntropy(x)');
entropy('is 0 at 0 and 1, 1 at 1/2, and h(0.11) ~ 0.5', () => {
  assert.is(binaryEntropy(0), 0);
  assert.is(binaryEntropy(1), 0);
  assert.is(binaryEntropy(0.5), 1);
  assertInDelta(binaryEntropy(0.11), 0.4999, 1e-4, 'h(0.11)');
  assert.is(binaryEntropy(-0.1), 0);
});
entropy.run();

const stats = suite('intensityStats(eta, k, Y0, e_d)');
stats('tends to Y0 + eta k at small eta and to 1 - e^-k at eta = 1 (Ma et al. 2005 Eq. (5))', () => {
  const s = intensityStats(1e-6, 0.5, 1e-6, 0.01);
  assertInDelta(s.gain, 1e-6 + 0.5e-6, 1e-12, 'gain');
  assertInDelta(s.errorGain, 0.5e-6 + 0.01 * 0.5e-6, 1e-13, 'error gain');
  assertInDelta(intensityStats(1, 0.8, 0, 0).gain, 1 - Math.exp(-0.8), 1e-15, 'lossless gain');
});
stats('the vacuum intensity sees only noise, half of it erroneous', () => {
  const s = intensityStats(0.3, 0, 2e-6, 0.05);
  assertInDelta(s.gain, 2e-6, 1e-18, 'vacuum gain');
  assertInDelta(s.errorGain, 1e-6, 1e-18, 'vacuum error gain');
});
stats('afterpulses scale the gain by (1 + p_ap) and add p_ap Q / 2 errors (Lim et al. 2014 Sec. IV)', () => {
  const plain = intensityStats(1e-3, 0.5, 1e-6, 0.01);
  const ap = intensityStats(1e-3, 0.5, 1e-6, 0.01, 0.04);
  assertInDelta(ap.gain, plain.gain * 1.04, 1e-15, 'gain');
  assertInDelta(ap.errorGain, plain.errorGain + (0.04 * plain.gain) / 2, 1e-15, 'error gain');
});
stats.run();

const gllp = suite('decoyKeyRate(eta, Y0, params) infinite decoys');
gllp('equals the GLLP formula worked by hand for GYS at 50 km, mu = 0.48 (Ma et al. 2005 Eqs. (1)-(9))', () => {
  // Hand calculation (Python, the equations written out one by one):
  //   eta = 10^(-0.21*50/10) * 0.045                = 4.010629221601855e-3
  //   Q_mu = 1 - (1 - Y0) e^{-eta mu}                = 1.9249469364426286e-3
  //   E_mu = (Y0/2 + e_d (1 - e^{-eta mu})) / Q_mu    = 3.341248300371492e-2
  //   Y1 = 1 - (1 - Y0)(1 - eta)                     = 4.01232240353222e-3
  //   e1 = (Y0/2 + e_d eta) / Y1                      = 3.319792153182876e-2
  //   Q1 = Y1 mu e^{-mu}                              = 1.1917240636211686e-3
  //   R = 1/2 [-Q_mu f h(E_mu) + Q1 (1 - h(e1))]     = 2.2259525248301867e-4
  const r = decoyKeyRate(gysEta(50), 1.7e-6, { ...GYS, mu: 0.48, decoys: 'infinite' });
  assertInDelta(r.transmittance, 4.010629221601855e-3, 1e-15, 'eta');
  assertInDelta(r.gain, 1.9249469364426286e-3, 1e-15, 'Q_mu');
  assertInDelta(r.qber, 3.341248300371492e-2, 1e-13, 'E_mu');
  assertInDelta(r.y1, 4.01232240353222e-3, 1e-15, 'Y1');
  assertInDelta(r.e1, 3.319792153182876e-2, 1e-13, 'e1');
  assertInDelta(r.q1, 1.1917240636211686e-3, 1e-15, 'Q1');
  assertInDelta(r.secretKeyPerPulse, 2.2259525248301867e-4, 1e-15, 'R');
  assertInDelta(r.secretKeyRateBps, 2.2259525248301867e-4 * GYS.repRateHz, 1e-6, 'rate, bit/s');
});
gllp('is never negative or NaN, even at zero transmittance', () => {
  const r = decoyKeyRate(0, 1.7e-6, GYS);
  assert.is(r.secretKeyPerPulse, 0);
  assert.is(r.qber, 0.5);
});
gllp('counts only signal pulses and the sifted fraction: R scales with pMu x q', () => {
  const full = decoyKeyRate(gysEta(20), 1.7e-6, GYS).secretKeyPerPulse;
  const half = decoyKeyRate(gysEta(20), 1.7e-6, { ...GYS, pMu: 0.5, pNu: 0.25, pOmega: 0.25 }).secretKeyPerPulse;
  assertInDelta(half / full, 0.5, 1e-12, 'ratio');
});
gllp('rejects a transmittance outside [0, 1]', () => {
  assert.throws(() => decoyKeyRate(1.5, 0, GYS), /transmittance must be in \[0, 1\], got 1.5/);
});
gllp.run();

const vw = suite('vacuumWeakEstimate(mu, nu, omega, ...)');
const estimateAt = (eta: number, nu: number, omega = 0) => {
  const s = (k: number) => intensityStats(eta, k, 1.7e-6, 0.033);
  return vacuumWeakEstimate(0.48, nu, omega, s(0.48), s(nu), s(omega));
};
vw('writes out Ma et al. 2005 Eq. (34) and Eq. (37) when omega = 0', () => {
  const eta = gysEta(80);
  const mu = 0.48;
  const nu = 0.1;
  const y0 = 1.7e-6;
  const qMu = intensityStats(eta, mu, y0, 0.033);
  const qNu = intensityStats(eta, nu, y0, 0.033);
  const y1 = (mu / (mu * nu - nu * nu)) * (qNu.gain * Math.exp(nu) - qMu.gain * Math.exp(mu) * ((nu * nu) / (mu * mu)) - ((mu * mu - nu * nu) / (mu * mu)) * y0);
  const e1 = (qNu.errorGain * Math.exp(nu) - 0.5 * y0) / (y1 * nu);
  const est = estimateAt(eta, nu);
  assertInDelta(est.y1, y1, 1e-15, 'Y1 lower bound');
  assertInDelta(est.e1, e1, 1e-12, 'e1 upper bound');
});
vw('bounds the true values: Y1_L <= Y1 and e1_U >= e1 at every distance', () => {
  for (let km = 0; km <= 140; km += 20) {
    const exact = infiniteDecoyEstimate(gysEta(km), 1.7e-6, 0.033);
    const est = estimateAt(gysEta(km), 0.1);
    assert.ok(est.y1 <= exact.y1 * (1 + 1e-12), `Y1 at ${km} km`);
    assert.ok(est.e1 >= exact.e1 * (1 - 1e-12), `e1 at ${km} km`);
  }
});
vw('approaches the infinite-decoy values as nu -> 0 (Ma et al. 2005, abstract and Sec. V)', () => {
  const eta = gysEta(60);
  const exact = infiniteDecoyEstimate(eta, 1.7e-6, 0.033);
  const gap = (nu: number) => Math.abs(estimateAt(eta, nu).y1 - exact.y1) / exact.y1;
  assert.ok(gap(0.01) < gap(0.1), 'tighter as nu shrinks');
  assert.ok(gap(0.001) < 1e-3, `relative Y1 gap ${gap(0.001)}`);
});
vw('accepts a non-zero weakest intensity (Lim et al. 2014 Eqs. (A4)-(A6)) and stays a bound', () => {
  const exact = infiniteDecoyEstimate(gysEta(40), 1.7e-6, 0.033);
  const est = estimateAt(gysEta(40), 0.1, 2e-4);
  assert.ok(est.y1 > 0 && est.y1 <= exact.y1);
  assert.ok(est.e1 >= exact.e1);
});
vw('rejects mu <= nu + omega and nu <= omega with a RangeError stating the rule', () => {
  const s = intensityStats(0.01, 0.1, 0, 0);
  assert.throws(() => vacuumWeakEstimate(0.1, 0.1, 0, s, s, s), /mu > nu \+ omega and nu > omega >= 0, got mu=0.1, nu=0.1, omega=0/);
  assert.throws(() => vacuumWeakEstimate(0.5, 0.1, 0.1, s, s, s), /nu > omega/);
});
vw.run();

const fast = suite('secretKeyPerPulse(eta, Y0, params)');
fast('agrees with decoyKeyRate for both estimators', () => {
  for (const decoys of ['infinite', 'vacuum-weak'] as const) {
    for (const km of [0, 50, 100, 130]) {
      const p = { ...GYS, decoys };
      assertInDelta(secretKeyPerPulse(gysEta(km), 1.7e-6, p), decoyKeyRate(gysEta(km), 1.7e-6, p).secretKeyPerPulse, 1e-18, `${decoys} ${km} km`);
    }
  }
});
fast.run();

const bias = suite('basisBiasForSifting(q)');
bias('inverts q = qx^2 + (1 - qx)^2', () => {
  assert.is(basisBiasForSifting(0.5), 0.5);
  assert.is(basisBiasForSifting(1), 1);
  assertInDelta(basisBiasForSifting(0.82), 0.9, 1e-12, 'qx');
  assert.throws(() => basisBiasForSifting(0.4), /sifting factor must be in \[0.5, 1\], got 0.4/);
});
bias.run();

const gains = suite('gainOf(eta, k, Y0)');
gains('keeps its digits when eta k is tiny (expm1)', () => {
  assertInDelta(gainOf(1e-12, 0.5, 0), 5e-13, 1e-24, 'gain');
});
gains.run();
