/**
 * Reproductions of the theory papers' published numbers, and independent checks where a number
 * could not be found. Sources, and what was and was not found, are in sim/links/README.md.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import { binaryEntropy, errorGainOf, gainOf } from '../../sim/links/bb84-decoy.js';
import { fiberKeyRate, fiberMaxDistanceKm, type FiberParams } from '../../sim/links/fiber.js';
import { getPreset } from '../../sim/links/presets.js';
import { limMaxDistanceKm, limOptimum } from './lim2014.js';

const GYS: FiberParams = getPreset('gys-2004', 'fiber').params;

/** mu maximising the key at one length, by a 0.001 scan. */
function optimalMu(lengthKm: number, p: FiberParams): { mu: number; keyPerPulse: number } {
  let best = { mu: 0, keyPerPulse: 0 };
  for (let mu = 0.05; mu <= 1.2; mu += 0.001) {
    const keyPerPulse = fiberKeyRate(lengthKm, { ...p, mu, nu: Math.min(p.nu, mu / 2) }).secretKeyPerPulse;
    if (keyPerPulse > best.keyPerPulse) best = { mu, keyPerPulse };
  }
  return best;
}

/** Longest fibre with key over a scan of mu (the curve's envelope). */
function maxDistanceOverMu(p: FiberParams, muFrom: number): number {
  let best = 0;
  for (let mu = muFrom; mu <= 0.8; mu += 0.01) best = Math.max(best, fiberMaxDistanceKm({ ...p, mu }, 0.01));
  return best;
}

const gys = suite('GYS 2004 parameters (Ma, Qi, Zhao, Lo 2005; Lo, Ma, Chen 2005)');
gys('optimal mu at 50 km equals the small-eta analytic optimum e^-mu (1 - mu)(1 - h(e_d)) = f h(e_d) (derived check)', () => {
  // Setting d/dmu of mu e^-mu [1 - h(e_d)] - f mu h(e_d) to zero (Y0 -> 0, eta -> 0 in Ma et al. Eq. (1)).
  const g = (mu: number) => Math.exp(-mu) * (1 - mu) * (1 - binaryEntropy(0.033)) - 1.22 * binaryEntropy(0.033);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) [lo, hi] = g((lo + hi) / 2) > 0 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
  assertInDelta(lo, 0.4789, 1e-4, 'analytic optimum');
  assertInDelta(optimalMu(50, { ...GYS, decoys: 'infinite' }).mu, lo, 0.005, 'numerical optimum at 50 km');
});
gys('infinite decoys reach "over 140 km" (X. Ma, MSc report quant-ph/0503057, abstract): 142.2 km here', () => {
  const km = maxDistanceOverMu({ ...GYS, decoys: 'infinite' }, 0.2);
  assert.ok(km > 140 && km < 145, `max distance ${km} km`);
});
gys('vacuum + weak decoys approach the infinite-decoy distance as nu -> 0 (Ma et al. 2005 abstract)', () => {
  const infinite = maxDistanceOverMu({ ...GYS, decoys: 'infinite' }, 0.2);
  const weak = (nu: number) => maxDistanceOverMu({ ...GYS, decoys: 'vacuum-weak', nu }, Math.max(0.2, nu + 0.02));
  const d01 = weak(0.1);
  const d0001 = weak(0.001);
  assert.ok(d01 < d0001 && d0001 <= infinite + 0.01, `nu=0.1: ${d01}, nu=0.001: ${d0001}, infinite: ${infinite}`);
  assert.ok(infinite - d0001 < 0.5, `gap at nu = 0.001: ${infinite - d0001} km`);
  assert.ok(d01 > 135, `nu = 0.1 still reaches ${d01} km`);
});
gys('key per pulse falls by the fibre loss at long distance: R ~ eta, i.e. 2.1 dB per 10 km between 60 and 80 km', () => {
  const p = { ...GYS, decoys: 'infinite' as const };
  const slopeDb = 10 * Math.log10(fiberKeyRate(60, p).secretKeyPerPulse / fiberKeyRate(80, p).secretKeyPerPulse);
  assertInDelta(slopeDb / 2, 2.1, 0.15, 'dB per 10 km');
});
gys.run();

// Oracles: the paper's text (Sec. IV) and, for the reach at n_X = 1e4, issue 14's independent
// re-implementation of Lim et al. 2014 (107.9 km with p_ap = 4e-2 as printed, 133.2 km with p_ap = 0).
// Both here use the converged eps_sec = kappa l solver of sim/links/finite-key.ts; the reach is
// bisected to 250 / 2^14 = 0.015 km, and the optimiser's own spread is about 0.1 km near the cut-off.
const REACH_TOLERANCE_KM = 0.3;
const lim = suite('Lim et al. 2014 finite key, Sec. IV system, Fig. 1');
lim('at 100 km the n_X = 1e9 rate is about 1.75 x the n_X = 1e7 rate (Sec. IV text): 1.79 here with afterpulses, 1.62 without', () => {
  assertInDelta(limOptimum(100, 1e9, 0.04) / limOptimum(100, 1e7, 0.04), 1.75, 0.06, 'R(1e9) / R(1e7), p_ap = 4e-2');
  assertInDelta(limOptimum(100, 1e9, 0) / limOptimum(100, 1e7, 0), 1.62, 0.02, 'R(1e9) / R(1e7), p_ap = 0 (issue 14: 1.62)');
});
lim('reach grows with block size: 1e4 < 1e5 < 1e6 < 1e9, all short of the 200 km axis of Fig. 1', () => {
  const d = [1e4, 1e5, 1e6, 1e9].map((n) => limMaxDistanceKm(n, 0.04));
  for (let i = 1; i < d.length; i++) assert.ok(d[i]! > d[i - 1]!, `reach ${d.join(', ')} km`);
  assert.ok(d[3]! < 200);
});
lim('n_X = 1e4 reaches 107.9 km with p_ap = 4e-2 as printed and 133.2 km with p_ap = 0 (issue 14 oracle); the paper says 135 km', () => {
  const withAfterpulses = limMaxDistanceKm(1e4, 0.04, 14);
  const without = limMaxDistanceKm(1e4, 0, 14);
  assertInDelta(withAfterpulses, 107.9, REACH_TOLERANCE_KM, 'reach with p_ap = 4e-2, km');
  assertInDelta(without, 133.2, REACH_TOLERANCE_KM, 'reach with p_ap = 0, km');
  // The paper's 135 km is only approached without afterpulse errors, which in turn breaks its 1.75
  // ratio (1.62 above): the paper is not self-consistent (sim/links/README.md section 8).
  assert.ok(135 - without < 2 && 135 - withAfterpulses > 25);
});
lim('issue-14: no self-consistent key beyond the reach (108.5 km, n_X = 1e4, p_ap = 4e-2)', () => {
  assert.ok(limOptimum(108.5, 1e4, 0.04) <= 0, 'no key at 108.5 km');
  assert.ok(limOptimum(107.5, 1e4, 0.04) > 0, 'key at 107.5 km');
});
lim.run();
