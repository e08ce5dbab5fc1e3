/**
 * Fibre links: loss = attenuation x length + fixed extra loss, the decoy-state key rate versus
 * length, the maximum distance with positive key, and an optional finite-size penalty (the Lim et
 * al. 2014 bound applied to a block of N pulses at constant transmittance).
 * @module
 */
import { decoyKeyRate, type Bb84Params, type DecoyKeyResult } from './bb84-decoy.js';
import type { FIBER_ONLY_PARAMS, ParamValues } from './params.js';
import { dbToTransmittance } from './free-space.js';
import { finiteKeyLength, type FiniteKeyOptions } from './finite-key.js';
import { expectedBlockCounts } from './block-counts.js';

/** Parameters of a fibre link: the BB84 system plus the fibre (FIBER_ONLY_PARAMS in params.ts). */
export interface FiberParams extends Bb84Params, ParamValues<typeof FIBER_ONLY_PARAMS> {}

/** Key rate of a fibre link of one length. */
export interface FiberKeyResult extends DecoyKeyResult {
  /** Fibre length, km. */
  readonly lengthKm: number;
  /** Channel loss (detector excluded), dB. */
  readonly lossDb: number;
}

/**
 * Fibre channel loss, dB: alpha L + extra (the standard exponential attenuation model used by
 * Ma et al. 2005 Eq. (2): eta = 10^(-alpha L / 10) eta_Bob).
 * @param lengthKm fibre length, km (>= 0; RangeError otherwise)
 */
export function fiberLossDb(lengthKm: number, lossDbPerKm: number, extraLossDb = 0): number {
  if (!(lengthKm >= 0)) throw new RangeError(`fibre length must be >= 0 km, got ${lengthKm}`);
  return lossDbPerKm * lengthKm + extraLossDb;
}

/**
 * Asymptotic decoy-state key of a fibre link (Ma et al. 2005 Eq. (1) with the channel of Eq. (2)).
 * Noise is darkCountProb alone (no background in fibre).
 * @param lengthKm fibre length, km (>= 0)
 */
export function fiberKeyRate(lengthKm: number, p: FiberParams): FiberKeyResult {
  const lossDb = fiberLossDb(lengthKm, p.lossDbPerKm, p.extraLossDb);
  const eta = dbToTransmittance(lossDb) * p.detectorEfficiency;
  return { ...decoyKeyRate(eta, p.darkCountProb, p), lengthKm, lossDb };
}

/**
 * Longest fibre with a positive asymptotic key, km, to within `toleranceKm` (bisection on the
 * length; the key per pulse falls monotonically with loss). 0 when even 0 km gives no key;
 * Infinity when the attenuation and extra loss are both 0 and 0 km has key.
 */
export function fiberMaxDistanceKm(p: FiberParams, toleranceKm = 1e-3): number {
  const positive = (km: number) => fiberKeyRate(km, p).secretKeyPerPulse > 0;
  if (!positive(0)) return 0;
  if (p.lossDbPerKm <= 0) return Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = 10;
  // Past ~ 400 dB no detector has noise low enough; the cap keeps the doubling finite.
  while (positive(hi) && hi * p.lossDbPerKm < 1000) {
    lo = hi;
    hi *= 2;
  }
  if (positive(hi)) return hi;
  while (hi - lo > toleranceKm) {
    const mid = (lo + hi) / 2;
    if (positive(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Key rate at lengths from `fromKm` to `toKm` inclusive in steps of `stepKm` (> 0). Lengths are
 * computed as fromKm + i stepKm to avoid accumulating rounding.
 */
export function fiberSweep(fromKm: number, toKm: number, stepKm: number, p: FiberParams): FiberKeyResult[] {
  if (!(stepKm > 0) || !(toKm >= fromKm) || !(fromKm >= 0)) {
    throw new RangeError(`sweep needs 0 <= from <= to and step > 0, got ${fromKm}:${toKm}:${stepKm}`);
  }
  const rows: FiberKeyResult[] = [];
  const count = Math.floor((toKm - fromKm) / stepKm + 1e-9);
  for (let i = 0; i <= count; i++) rows.push(fiberKeyRate(fromKm + i * stepKm, p));
  return rows;
}

/**
 * Finite-size key of a fibre link for a block of `blockPulses` pulses (Lim et al. 2014 Eq. (1) on
 * the expected counts of the block): secret bits per block and the rate they imply, bit/s.
 * This is the documented finite-size penalty for fibre: compare with {@link fiberKeyRate}.
 * @param blockPulses pulses per block (> 0)
 */
export function fiberFiniteKey(
  lengthKm: number,
  p: FiberParams,
  blockPulses: number,
  options: FiniteKeyOptions,
): { keyBits: number; secretKeyPerPulse: number; secretKeyRateBps: number } {
  const eta = dbToTransmittance(fiberLossDb(lengthKm, p.lossDbPerKm, p.extraLossDb)) * p.detectorEfficiency;
  const counts = expectedBlockCounts(eta, p.darkCountProb, p, blockPulses);
  const keyBits = finiteKeyLength(counts, p, options).keyBits;
  return { keyBits, secretKeyPerPulse: keyBits / blockPulses, secretKeyRateBps: (keyBits / blockPulses) * p.repRateHz };
}
