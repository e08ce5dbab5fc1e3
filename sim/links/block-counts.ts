/**
 * Expected sifted counts of a block, split by basis and intensity, from per-pulse gains: the bridge
 * between the channel model (bb84-decoy.ts) and the finite-key bound (finite-key.ts).
 *
 * Basis choice: both parties pick the key basis X with probability qx and Z with 1 - qx, where qx
 * follows from the sifting factor q = qx^2 + (1 - qx)^2 ({@link basisBiasForSifting}). So a fraction
 * qx^2 of pulses is sifted in X and (1 - qx)^2 in Z (Lim et al. 2014 Sec. II, steps 1-3).
 * @module
 */
import { basisBiasForSifting, intensityStats, type Bb84Params } from './bb84-decoy.js';
import type { BasisCounts, BlockCounts } from './finite-key.js';

/** Fractions of emitted pulses sifted into X and into Z. */
export function basisShares(siftingFactor: number): { x: number; z: number } {
  const qx = basisBiasForSifting(siftingFactor);
  return { x: qx * qx, z: (1 - qx) * (1 - qx) };
}

/**
 * Counts from gain integrals. `gain[k]` and `errorGain[k]` are sums (or time integrals) of Q_k and
 * E_k Q_k for the intensities (mu, nu, omega), and `pulsesPerUnit` converts them to pulses (1 for a
 * sum over pulses; the repetition rate, Hz, for a time integral in seconds):
 *   n_{B,k} = pulsesPerUnit p_k share_B gain[k],  m_{B,k} likewise with errorGain.
 */
export function countsFromGains(
  gain: readonly [number, number, number],
  errorGain: readonly [number, number, number],
  p: Pick<Bb84Params, 'pMu' | 'pNu' | 'pOmega' | 'siftingFactor'>,
  pulsesPerUnit: number,
): BlockCounts {
  const share = basisShares(p.siftingFactor);
  const make = (basisShare: number): BasisCounts => {
    const c = pulsesPerUnit * basisShare;
    return {
      detections: [c * p.pMu * gain[0], c * p.pNu * gain[1], c * p.pOmega * gain[2]],
      errors: [c * p.pMu * errorGain[0], c * p.pNu * errorGain[1], c * p.pOmega * errorGain[2]],
    };
  };
  return { X: make(share.x), Z: make(share.z) };
}

/**
 * Expected counts of a block of `pulses` pulses sent at a constant overall transmittance `eta`
 * (detector included) with noise click probability `noiseProb` per pulse.
 * @param pulses pulses Alice sends in the block (> 0)
 */
export function expectedBlockCounts(eta: number, noiseProb: number, p: Bb84Params, pulses: number): BlockCounts {
  const s = (k: number) => intensityStats(eta, k, noiseProb, p.misalignment, p.afterpulseProb);
  const mu = s(p.mu);
  const nu = s(p.nu);
  const om = s(p.omega);
  return countsFromGains([mu.gain, nu.gain, om.gain], [mu.errorGain, nu.errorGain, om.errorGain], p, pulses);
}
