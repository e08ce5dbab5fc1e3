/**
 * Asymptotic decoy-state BB84: the channel model (yields, gains, error rates of a phase-randomised
 * weak coherent source), the two single-photon estimators and the GLLP secret key per pulse.
 *
 * Sources and equation numbers:
 * - Ma, Qi, Zhao, Lo, PRA 72, 012326 (2005) "Practical decoy state for quantum key distribution":
 *   Eq. (1) GLLP key rate, Eqs. (3)-(9) channel model, Eqs. (34) and (37) vacuum + weak bounds.
 * - Lo, Ma, Chen, PRL 94, 230504 (2005): the infinite-decoy limit (Y1, e1 known exactly).
 * - Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014) App. A, Eqs. (A4)-(A6): the same
 *   bounds for a non-zero third intensity omega; with omega = 0 they reduce to Ma et al. (34), (37).
 * - Afterpulsing follows the detector model of Lim et al. 2014 Sec. IV.
 *
 * Every function is pure. Probabilities are per pulse; "per pulse" key is per pulse Alice emits.
 * @module
 */

import type { BB84_PARAMS, ParamValues } from './params.js';

/** How the single-photon yield and error rate are obtained. */
export type DecoyEstimator = 'infinite' | 'vacuum-weak';

/** The estimators, for CLI choices and validation. */
export const DECOY_ESTIMATORS: readonly DecoyEstimator[] = ['infinite', 'vacuum-weak'];

/** Error rate of a click caused by noise alone (random bit): e0 = 1/2 (Ma et al. 2005 Eq. (7)). */
export const NOISE_ERROR_RATE = 0.5;

/**
 * Source, receiver and protocol parameters of decoy-state BB84: the numbers of BB84_PARAMS
 * (params.ts: names, units, ranges and meanings live there) and the single-photon estimator.
 * Three intensities mu > nu + omega, nu > omega >= 0 (Lim et al. 2014 Sec. II); omega is the
 * "vacuum" decoy and is 0 in every preset.
 */
export interface Bb84Params extends ParamValues<typeof BB84_PARAMS> {
  /** Single-photon estimator. */
  readonly decoys: DecoyEstimator;
}

/** What one intensity produces at Bob: gain Q and error-weighted gain E*Q, per pulse. */
export interface IntensityStats {
  /** Gain Q_k: probability of a detection per pulse of this intensity. */
  readonly gain: number;
  /** E_k * Q_k: probability of an erroneous detection per pulse of this intensity. */
  readonly errorGain: number;
}

/** Result of the asymptotic key computation at one transmittance. */
export interface DecoyKeyResult {
  /** Overall transmittance eta = channel transmittance x detector efficiency, in [0, 1]. */
  readonly transmittance: number;
  /** Signal gain Q_mu per signal pulse. */
  readonly gain: number;
  /** Signal QBER E_mu, in [0, 0.5]. */
  readonly qber: number;
  /** Single-photon yield Y1 (exact for `infinite`, lower bound for `vacuum-weak`), >= 0. */
  readonly y1: number;
  /** Single-photon error rate e1 (exact or upper bound), in [0, 0.5]. */
  readonly e1: number;
  /** Single-photon gain Q1 = Y1 mu e^-mu per signal pulse. */
  readonly q1: number;
  /** Secret key per emitted pulse (all intensities counted in the denominator), >= 0. */
  readonly secretKeyPerPulse: number;
  /** Secret key rate, bit/s (= secretKeyPerPulse x repRateHz), >= 0. */
  readonly secretKeyRateBps: number;
}

/** Binary entropy h(x) = -x log2 x - (1-x) log2(1-x), with h(0) = h(1) = 0; x clamped to [0, 1]. */
export function binaryEntropy(x: number): number {
  if (!(x > 0) || x >= 1) return 0;
  return -x * Math.log2(x) - (1 - x) * Math.log2(1 - x);
}

/**
 * Gain Q_k of one intensity over a channel of overall transmittance `eta` (Ma et al. 2005 Eqs. (3)-(5),
 * exact form): Y_n = 1 - (1 - Y0)(1 - eta)^n summed over the Poisson distribution of mean k gives
 * Q_k = 1 - (1 - Y0) e^{-eta k}. Afterpulses scale every yield by (1 + p_ap) (Lim et al. 2014 Sec. IV).
 * @param eta overall transmittance in [0, 1] (channel x detector)
 * @param meanPhotons mean photon number k >= 0
 * @param noiseProb Y0: noise click probability per pulse (dark + background), in [0, 1)
 * @param afterpulseProb p_ap in [0, 1)
 */
export function gainOf(eta: number, meanPhotons: number, noiseProb: number, afterpulseProb = 0): number {
  // 1 - (1 - Y0) e^{-eta k} written with expm1 so that eta k ~ 1e-6 keeps its digits.
  return gainFromExpm1(Math.expm1(-eta * meanPhotons), noiseProb, afterpulseProb);
}

/**
 * {@link gainOf} from m = expm1(-eta k), which the gain and the error gain of one intensity share
 * (the pass integrator computes it once per intensity and point).
 */
export function gainFromExpm1(m: number, noiseProb: number, afterpulseProb: number): number {
  return (noiseProb - (1 - noiseProb) * m) * (1 + afterpulseProb);
}

/**
 * Error gain E_k Q_k of one intensity (Ma et al. 2005 Eqs. (7)-(9)): e0 Y0 + e_d (1 - e^{-eta k}),
 * plus p_ap Q_k / 2 afterpulse errors (Lim et al. 2014 Sec. IV). Arguments as {@link gainOf};
 * `misalignment` is e_d in [0, 0.5].
 */
export function errorGainOf(eta: number, meanPhotons: number, noiseProb: number, misalignment: number, afterpulseProb = 0): number {
  return errorGainFromExpm1(Math.expm1(-eta * meanPhotons), noiseProb, misalignment, afterpulseProb);
}

/** {@link errorGainOf} from m = expm1(-eta k) (see {@link gainFromExpm1}). */
export function errorGainFromExpm1(m: number, noiseProb: number, misalignment: number, afterpulseProb: number): number {
  const base = NOISE_ERROR_RATE * noiseProb - misalignment * m;
  return afterpulseProb > 0 ? base + (afterpulseProb * gainFromExpm1(m, noiseProb, 0)) / 2 : base;
}

/** Gain and error gain of one intensity together (see {@link gainOf}, {@link errorGainOf}). */
export function intensityStats(eta: number, meanPhotons: number, noiseProb: number, misalignment: number, afterpulseProb = 0): IntensityStats {
  return {
    gain: gainOf(eta, meanPhotons, noiseProb, afterpulseProb),
    errorGain: errorGainOf(eta, meanPhotons, noiseProb, misalignment, afterpulseProb),
  };
}

/** The single-photon yield and error rate from an estimator. */
export interface SinglePhotonEstimate {
  /** Y1 (exact or lower bound), >= 0. */
  readonly y1: number;
  /** e1 (exact or upper bound), in [0, 0.5]. */
  readonly e1: number;
}

/**
 * Infinite-decoy limit (Lo, Ma, Chen 2005): Y1 and e1 equal their channel values,
 * Y1 = 1 - (1 - Y0)(1 - eta) and e1 = (e0 Y0 + e_d eta) / Y1 (Ma et al. 2005 Eqs. (3), (7)), with
 * the afterpulse scaling of {@link gainOf}.
 */
export function infiniteDecoyEstimate(eta: number, noiseProb: number, misalignment: number, afterpulseProb = 0): SinglePhotonEstimate {
  const y1 = infiniteY1(eta, noiseProb, afterpulseProb);
  return { y1, e1: y1 > 0 ? Math.min(0.5, infiniteE1Y1(eta, noiseProb, misalignment, afterpulseProb) / y1) : 0.5 };
}

function infiniteY1(eta: number, noiseProb: number, afterpulseProb: number): number {
  return (1 - (1 - noiseProb) * (1 - eta)) * (1 + afterpulseProb);
}

function infiniteE1Y1(eta: number, noiseProb: number, misalignment: number, afterpulseProb: number): number {
  const raw = 1 - (1 - noiseProb) * (1 - eta);
  return NOISE_ERROR_RATE * noiseProb + misalignment * eta + (afterpulseProb * raw) / 2;
}

function checkIntensities(mu: number, nu: number, omega: number): void {
  if (!(nu > omega && omega >= 0 && mu > nu + omega)) {
    throw new RangeError(`vacuum-weak bounds need mu > nu + omega and nu > omega >= 0, got mu=${mu}, nu=${nu}, omega=${omega}`);
  }
}

/**
 * Vacuum + weak decoy lower bound on Y1 from the gains of the three intensities (Ma et al. 2005
 * Eq. (34) when omega = 0; Lim et al. 2014 Eqs. (A4), (A5) in asymptotic form for omega > 0):
 *   Y0 >= (nu e^omega Q_omega - omega e^nu Q_nu) / (nu - omega)
 *   Y1 >= mu [e^nu Q_nu - e^omega Q_omega - (nu^2 - omega^2)/mu^2 (e^mu Q_mu - Y0)] / (mu(nu - omega) - nu^2 + omega^2)
 * Clamped at 0. Needs mu > nu + omega and nu > omega >= 0 (unchecked here; see {@link vacuumWeakEstimate}).
 */
export function vacuumWeakY1(mu: number, nu: number, omega: number, gainMu: number, gainNu: number, gainOmega: number): number {
  return vacuumWeakY1With(intensityExps({ mu, nu, omega }), mu, nu, omega, gainMu, gainNu, gainOmega);
}

/** e^mu, e^nu, e^omega and e^-mu of a parameter set: constants of the decoy bounds, made once per link by the pass integrator. */
export interface IntensityExps {
  readonly eMu: number;
  readonly eNu: number;
  readonly eOm: number;
  readonly eNegMu: number;
}

/** The {@link IntensityExps} of three intensities. */
export function intensityExps(p: { readonly mu: number; readonly nu: number; readonly omega: number }): IntensityExps {
  return { eMu: Math.exp(p.mu), eNu: Math.exp(p.nu), eOm: Math.exp(p.omega), eNegMu: Math.exp(-p.mu) };
}

function vacuumWeakY1With(x: IntensityExps, mu: number, nu: number, omega: number, gainMu: number, gainNu: number, gainOmega: number): number {
  const { eOm, eNu } = x;
  const y0 = Math.max(0, (nu * eOm * gainOmega - omega * eNu * gainNu) / (nu - omega));
  const quad = nu * nu - omega * omega;
  const bound = (mu * (eNu * gainNu - eOm * gainOmega - (quad / (mu * mu)) * (x.eMu * gainMu - y0))) / (mu * (nu - omega) - quad);
  return Math.max(0, bound);
}

/**
 * Vacuum + weak decoy upper bound on e1 Y1 (Ma et al. 2005 Eq. (37); Lim et al. 2014 Eq. (A6)):
 * e1 Y1 <= (e^nu E_nu Q_nu - e^omega E_omega Q_omega) / (nu - omega), clamped at 0.
 */
export function vacuumWeakE1Y1(nu: number, omega: number, errorGainNu: number, errorGainOmega: number): number {
  return vacuumWeakE1Y1With(Math.exp(nu), Math.exp(omega), nu, omega, errorGainNu, errorGainOmega);
}

function vacuumWeakE1Y1With(eNu: number, eOm: number, nu: number, omega: number, errorGainNu: number, errorGainOmega: number): number {
  return Math.max(0, (eNu * errorGainNu - eOm * errorGainOmega) / (nu - omega));
}

/**
 * Vacuum + weak decoy estimate of (Y1, e1) from the three intensities' statistics (see
 * {@link vacuumWeakY1}, {@link vacuumWeakE1Y1}). RangeError unless mu > nu + omega, nu > omega >= 0.
 */
export function vacuumWeakEstimate(mu: number, nu: number, omega: number, signal: IntensityStats, decoy: IntensityStats, vacuum: IntensityStats): SinglePhotonEstimate {
  checkIntensities(mu, nu, omega);
  const y1 = vacuumWeakY1(mu, nu, omega, signal.gain, decoy.gain, vacuum.gain);
  const e1 = y1 > 0 ? Math.min(0.5, vacuumWeakE1Y1(nu, omega, decoy.errorGain, vacuum.errorGain) / y1) : 0.5;
  return { y1, e1 };
}

/**
 * Asymptotic secret key per emitted pulse, GLLP with decoy states (Ma et al. 2005 Eq. (1); Lo, Ma,
 * Chen 2005), without allocating (the pass integrator calls it in its inner loop):
 *   R = pMu q { -Q_mu f h(E_mu) + Q1 [1 - h(e1)] },  Q1 = Y1 mu e^{-mu},
 * clamped at 0 (a negative bound means no key). The vacuum contribution is not credited, as in
 * Ma et al. `eta` includes the detector; `noiseProb` is the total noise Y0 per pulse.
 */
export function secretKeyPerPulse(eta: number, noiseProb: number, p: Bb84Params): number {
  const { mu, nu, omega, misalignment: ed, afterpulseProb: pap } = p;
  const vw = p.decoys === 'vacuum-weak';
  return keyPerPulseFromGains(
    eta,
    noiseProb,
    p,
    gainOf(eta, mu, noiseProb, pap),
    errorGainOf(eta, mu, noiseProb, ed, pap),
    vw ? gainOf(eta, nu, noiseProb, pap) : 0,
    vw ? errorGainOf(eta, nu, noiseProb, ed, pap) : 0,
    vw ? gainOf(eta, omega, noiseProb, pap) : 0,
    vw ? errorGainOf(eta, omega, noiseProb, ed, pap) : 0,
  );
}

/**
 * {@link secretKeyPerPulse} from gains already computed with {@link gainOf} / {@link errorGainOf}
 * (the decoy and vacuum ones are read only by the vacuum-weak estimator). Lets the pass integrator
 * reuse the gains it accumulates anyway, and the link's {@link intensityExps}, made once.
 */
export function keyPerPulseFromGains(
  eta: number,
  noiseProb: number,
  p: Bb84Params,
  gainMu: number,
  errorGainMu: number,
  gainNu: number,
  errorGainNu: number,
  gainOmega: number,
  errorGainOmega: number,
  exps: IntensityExps = intensityExps(p),
): number {
  const qber = gainMu > 0 ? Math.min(0.5, errorGainMu / gainMu) : 0.5;
  let y1: number;
  let e1Y1: number;
  if (p.decoys === 'infinite') {
    y1 = infiniteY1(eta, noiseProb, p.afterpulseProb);
    e1Y1 = infiniteE1Y1(eta, noiseProb, p.misalignment, p.afterpulseProb);
  } else {
    y1 = vacuumWeakY1With(exps, p.mu, p.nu, p.omega, gainMu, gainNu, gainOmega);
    e1Y1 = vacuumWeakE1Y1With(exps.eNu, exps.eOm, p.nu, p.omega, errorGainNu, errorGainOmega);
  }
  const e1 = y1 > 0 ? Math.min(0.5, e1Y1 / y1) : 0.5;
  const perSignal = y1 * p.mu * exps.eNegMu * (1 - binaryEntropy(e1)) - gainMu * p.ecEfficiency * binaryEntropy(qber);
  return perSignal > 0 ? p.pMu * p.siftingFactor * perSignal : 0;
}

/**
 * Asymptotic decoy-state BB84 at one overall transmittance: gain, QBER, single-photon yield and
 * error, and the GLLP key of {@link secretKeyPerPulse} (Ma et al. 2005 Eq. (1)).
 * RangeError if eta is outside [0, 1] or (for vacuum-weak) the intensities are not ordered.
 * @param eta overall transmittance in [0, 1]
 * @param noiseProb Y0 in [0, 1)
 */
export function decoyKeyRate(eta: number, noiseProb: number, p: Bb84Params): DecoyKeyResult {
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`transmittance must be in [0, 1], got ${eta}`);
  const signal = intensityStats(eta, p.mu, noiseProb, p.misalignment, p.afterpulseProb);
  const estimate =
    p.decoys === 'infinite'
      ? infiniteDecoyEstimate(eta, noiseProb, p.misalignment, p.afterpulseProb)
      : vacuumWeakEstimate(
          p.mu,
          p.nu,
          p.omega,
          signal,
          intensityStats(eta, p.nu, noiseProb, p.misalignment, p.afterpulseProb),
          intensityStats(eta, p.omega, noiseProb, p.misalignment, p.afterpulseProb),
        );
  const keyPerPulse = secretKeyPerPulse(eta, noiseProb, p);
  return {
    transmittance: eta,
    gain: signal.gain,
    qber: signal.gain > 0 ? Math.min(0.5, signal.errorGain / signal.gain) : 0.5,
    y1: estimate.y1,
    e1: estimate.e1,
    q1: estimate.y1 * p.mu * Math.exp(-p.mu),
    secretKeyPerPulse: keyPerPulse,
    secretKeyRateBps: keyPerPulse * p.repRateHz,
  };
}

/**
 * Sifted bits per emitted pulse: q sum_k p_k Q_k over the three intensities (gains of Ma et al. 2005
 * Eq. (5) via {@link gainOf}): detections of every intensity in which the bases agree.
 * `eta` includes the detector efficiency; `noiseProb` is Y0.
 */
export function siftedProbPerPulse(eta: number, noiseProb: number, p: Bb84Params): number {
  const pap = p.afterpulseProb;
  return p.siftingFactor * (p.pMu * gainOf(eta, p.mu, noiseProb, pap) + p.pNu * gainOf(eta, p.nu, noiseProb, pap) + p.pOmega * gainOf(eta, p.omega, noiseProb, pap));
}

/**
 * Basis bias qx (probability of the key basis X, >= 1/2) that gives a sifting factor q:
 * q = qx^2 + (1 - qx)^2, so qx = (1 + sqrt(2q - 1)) / 2. q = 1/2 gives the symmetric qx = 1/2.
 * @param siftingFactor q in [0.5, 1]
 */
export function basisBiasForSifting(siftingFactor: number): number {
  if (!(siftingFactor >= 0.5 && siftingFactor <= 1)) throw new RangeError(`sifting factor must be in [0.5, 1], got ${siftingFactor}`);
  return (1 + Math.sqrt(2 * siftingFactor - 1)) / 2;
}
