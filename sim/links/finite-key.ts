/**
 * Finite-key secret key length of three-intensity decoy-state BB84 from the counts one block
 * collects: the "five concise formulas" of Lim, Curty, Walenta, Xu, Zbinden, PRA 89, 022307 (2014),
 * Eqs. (1)-(5), with Hoeffding deviation terms and the random-sampling bound gamma.
 *
 * Key basis. Lim et al. extract key from the events where Alice and Bob both chose X and estimate the
 * phase errors from Z. With `keyBases: 'X'` that is what is computed. With `keyBases: 'both'` (the
 * usual practice of symmetric BB84, e.g. the 50/50 Micius source) the bound is applied twice, X as key
 * with Z as test and Z as key with X as test, each with half of eps_sec and eps_cor, and the two
 * lengths are added: a modelling choice, stated wherever it is used.
 *
 * Intensities map to Lim's mu1 > mu2 + mu3, mu2 > mu3 >= 0 as (mu, nu, omega); the Micius source
 * 0.8 / 0.1 / 0 with probabilities 0.5 / 0.25 / 0.25 is mu1 = 0.8, mu2 = 0.1, mu3 = 0.
 * Counts may be expected (non-integer) values: that is how Lim et al. evaluate their Fig. 1.
 * @module
 */
import { binaryEntropy, type Bb84Params } from './bb84-decoy.js';

/** Detections and errors per intensity in one basis, ordered (mu, nu, omega). Counts >= 0. */
export interface BasisCounts {
  readonly detections: readonly [number, number, number];
  readonly errors: readonly [number, number, number];
}

/** Sifted counts of one block: both parties chose X, or both chose Z. */
export interface BlockCounts {
  readonly X: BasisCounts;
  readonly Z: BasisCounts;
}

/** Intensities and their sending probabilities: the part of {@link Bb84Params} the finite-key bound reads. */
export type IntensitySet = Pick<Bb84Params, 'mu' | 'nu' | 'omega' | 'pMu' | 'pNu' | 'pOmega'>;

/** Security and post-processing settings of the finite-key bound. */
export interface FiniteKeyOptions {
  /** Secrecy parameter eps_sec in (0, 1). */
  readonly epsSec: number;
  /** Correctness parameter eps_cor in (0, 1). */
  readonly epsCor: number;
  /** Error-correction inefficiency f: leakage lambda_EC = f n_X h(E_X) (Lim et al. Sec. IV). */
  readonly ecEfficiency: number;
  /** Which bases yield key (see the module comment). Default 'X'. */
  readonly keyBases?: 'X' | 'both';
}

/** Default eps_sec (a modelling choice; Lim et al. use 1e-15 x key length). */
export const DEFAULT_EPS_SEC = 1e-10;
/** Default eps_cor (Lim et al. 2014 Sec. IV value). */
export const DEFAULT_EPS_COR = 1e-15;

/** The bound's intermediate quantities, for one key basis. */
export interface FiniteKeyResult {
  /** Secret key length, whole bits, >= 0. */
  readonly keyBits: number;
  /** The bound before flooring and clamping (may be negative): a smooth objective for optimisers. */
  readonly rawKeyBits: number;
  /** Lower bound on vacuum events in the key basis (Eq. (2)), >= 0. */
  readonly vacuumEvents: number;
  /** Lower bound on single-photon events in the key basis (Eq. (3)), >= 0. */
  readonly singlePhotonEvents: number;
  /** Upper bound on the single-photon phase error rate (Eq. (5)), in [0, 0.5]. */
  readonly phaseErrorRate: number;
  /** Error-correction leakage lambda_EC, bits. */
  readonly leakageEcBits: number;
  /** Sifted detections in the key basis (all intensities). */
  readonly siftedBits: number;
  /** Observed QBER in the key basis (all intensities). */
  readonly qber: number;
}

/** tau_n = sum_k p_k e^{-k} k^n / n!, the probability that Alice sends n photons (Lim Eq. (2)). */
function tau(n: 0 | 1, s: IntensitySet): number {
  const t0 = s.pMu * Math.exp(-s.mu) + s.pNu * Math.exp(-s.nu) + s.pOmega * Math.exp(-s.omega);
  return n === 0 ? t0 : s.pMu * Math.exp(-s.mu) * s.mu + s.pNu * Math.exp(-s.nu) * s.nu + s.pOmega * Math.exp(-s.omega) * s.omega;
}

const sum3 = (a: readonly [number, number, number]) => a[0] + a[1] + a[2];

/**
 * Lower bounds on vacuum and single-photon events in one basis from its detections (Lim et al. 2014
 * Eqs. (2) and (3)): n+-_k = e^k / p_k [n_k +- sqrt(n/2 ln(21/eps_sec))], with n = sum_k n_k.
 */
export function decoyEventBounds(detections: readonly [number, number, number], s: IntensitySet, epsSec: number): { vacuum: number; single: number } {
  const delta = Math.sqrt(((detections[0] + detections[1] + detections[2]) / 2) * Math.log(21 / epsSec));
  const { mu, nu, omega } = s;
  const scaleMu = Math.exp(mu) / s.pMu;
  const scaleNu = Math.exp(nu) / s.pNu;
  const scaleOm = Math.exp(omega) / s.pOmega;
  const tau0 = tau(0, s);
  const tau1 = tau(1, s);
  const vacuum = Math.max(0, (tau0 * (nu * scaleOm * (detections[2] - delta) - omega * scaleNu * (detections[1] + delta))) / (nu - omega));
  const quad = nu * nu - omega * omega;
  const multi = scaleMu * (detections[0] + delta) - vacuum / tau0; // n+_mu - s_0 / tau_0
  const single =
    (tau1 * mu * (scaleNu * (detections[1] - delta) - scaleOm * (detections[2] + delta) - (quad / (mu * mu)) * multi)) / (mu * (nu - omega) - quad);
  return { vacuum, single: Math.max(0, single) };
}

/**
 * Upper bound on single-photon bit errors in the test basis (Lim et al. 2014 Eq. (4)):
 * v1 <= tau1 (m+_nu - m-_omega) / (nu - omega), m+-_k = e^k / p_k [m_k +- sqrt(m/2 ln(21/eps_sec))].
 */
export function singlePhotonErrorBound(errors: readonly [number, number, number], s: IntensitySet, epsSec: number): number {
  const delta = Math.sqrt((sum3(errors) / 2) * Math.log(21 / epsSec));
  const mPlusNu = (Math.exp(s.nu) / s.pNu) * (errors[1] + delta);
  const mMinusOm = (Math.exp(s.omega) / s.pOmega) * (errors[2] - delta);
  return Math.max(0, (tau(1, s) * (mPlusNu - mMinusOm)) / (s.nu - s.omega));
}

/**
 * Random-sampling deviation gamma(a, b, c, d) of Lim et al. 2014 Eq. (5):
 * sqrt[(c + d)(1 - b) b / (c d ln 2) * log2((c + d) / (c d (1 - b) b) * 21^2 / a^2)].
 * Returns 0 when b <= 0 (its limit) and Infinity when c or d is not positive.
 */
export function samplingDeviation(a: number, b: number, c: number, d: number): number {
  if (!(c > 0 && d > 0)) return Number.POSITIVE_INFINITY;
  if (!(b > 0)) return 0;
  const bb = Math.min(b, 0.5);
  const spread = ((c + d) * (1 - bb) * bb) / (c * d);
  const logTerm = Math.log2(((c + d) / (c * d * (1 - bb) * bb)) * (441 / (a * a)));
  return Math.sqrt((spread / Math.LN2) * Math.max(0, logTerm));
}

/** One application of Lim Eq. (1): key from basis `key`, phase errors estimated from `test`. */
function keyFromBasis(key: BasisCounts, test: BasisCounts, s: IntensitySet, epsSec: number, epsCor: number, f: number): FiniteKeyResult {
  const sifted = sum3(key.detections);
  const qber = sifted > 0 ? sum3(key.errors) / sifted : 0;
  const keyEvents = decoyEventBounds(key.detections, s, epsSec);
  const testEvents = decoyEventBounds(test.detections, s, epsSec);
  const v1 = singlePhotonErrorBound(test.errors, s, epsSec);
  let phase = 0.5;
  if (keyEvents.single > 0 && testEvents.single > 0) {
    const ratio = v1 / testEvents.single;
    phase = Math.min(0.5, ratio + samplingDeviation(epsSec, ratio, testEvents.single, keyEvents.single));
  }
  const leakageEcBits = f * sifted * binaryEntropy(qber);
  const raw =
    keyEvents.vacuum +
    keyEvents.single * (1 - binaryEntropy(phase)) -
    leakageEcBits -
    6 * Math.log2(21 / epsSec) -
    Math.log2(2 / epsCor);
  return {
    keyBits: Math.max(0, Math.floor(raw)),
    rawKeyBits: raw,
    vacuumEvents: keyEvents.vacuum,
    singlePhotonEvents: keyEvents.single,
    phaseErrorRate: phase,
    leakageEcBits,
    siftedBits: sifted,
    qber,
  };
}

/**
 * Secret key length (whole bits, >= 0) of one block (Lim et al. 2014 Eq. (1)):
 *   l = floor[ s_X0 + s_X1 (1 - h(phi_X)) - lambda_EC - 6 log2(21/eps_sec) - log2(2/eps_cor) ].
 * Requires mu > nu + omega, nu > omega >= 0 and all three probabilities > 0 (RangeError otherwise).
 * With keyBases 'both' the returned bounds are those of the X-key half; keyBits is the sum.
 */
export function finiteKeyLength(counts: BlockCounts, s: IntensitySet, options: FiniteKeyOptions): FiniteKeyResult {
  if (!(s.nu > s.omega && s.omega >= 0 && s.mu > s.nu + s.omega)) {
    throw new RangeError(`finite key needs mu > nu + omega and nu > omega >= 0, got mu=${s.mu}, nu=${s.nu}, omega=${s.omega}`);
  }
  if (!(s.pMu > 0 && s.pNu > 0 && s.pOmega > 0)) {
    throw new RangeError(`finite key needs every intensity probability > 0, got ${s.pMu}, ${s.pNu}, ${s.pOmega}`);
  }
  if (!(options.epsSec > 0 && options.epsSec < 1 && options.epsCor > 0 && options.epsCor < 1)) {
    throw new RangeError(`eps_sec and eps_cor must be in (0, 1), got ${options.epsSec}, ${options.epsCor}`);
  }
  const f = options.ecEfficiency;
  if ((options.keyBases ?? 'X') === 'X') return keyFromBasis(counts.X, counts.Z, s, options.epsSec, options.epsCor, f);
  const fromX = keyFromBasis(counts.X, counts.Z, s, options.epsSec / 2, options.epsCor / 2, f);
  const fromZ = keyFromBasis(counts.Z, counts.X, s, options.epsSec / 2, options.epsCor / 2, f);
  return { ...fromX, keyBits: fromX.keyBits + fromZ.keyBits, rawKeyBits: fromX.rawKeyBits + fromZ.rawKeyBits };
}

/** Settings of {@link selfConsistentKeyLength}: eps_sec = kappa x l instead of a fixed eps_sec. */
export interface PerBitSecrecyOptions {
  /** Secrecy leakage per key bit kappa in (0, 1e-3] (Lim et al. 2014 Sec. IV use 1e-15). */
  readonly kappa: number;
  /** Correctness parameter eps_cor in (0, 1). */
  readonly epsCor: number;
  /** Error-correction inefficiency f (see {@link FiniteKeyOptions}). */
  readonly ecEfficiency: number;
  /** Which bases yield key (default 'X'); with 'both' each half gets eps_sec / 2 as in {@link finiteKeyLength}. */
  readonly keyBases?: 'X' | 'both';
}

/** {@link FiniteKeyResult} at the self-consistent eps_sec, plus that eps_sec. */
export interface SelfConsistentKey extends FiniteKeyResult {
  /** eps_sec = kappa x max(1, keyBits), the value the bound was evaluated at. */
  readonly epsSec: number;
  /** Bound evaluations the solver used (diagnostic). */
  readonly evaluations: number;
}

/** Largest eps_sec the solver lets kappa x l reach: keeps every log term finite. */
const EPS_SEC_CAP = 0.5;

/** Eq. (1) before flooring; with 'both' the sum of the halves that are positive (a negative half gives no key). */
function unflooredBits(counts: BlockCounts, s: IntensitySet, epsSec: number, o: PerBitSecrecyOptions): { bits: number; result: FiniteKeyResult } {
  const opts = { epsSec, epsCor: o.epsCor, ecEfficiency: o.ecEfficiency };
  if ((o.keyBases ?? 'X') === 'X') {
    const result = finiteKeyLength(counts, s, opts);
    return { bits: result.rawKeyBits, result };
  }
  const fromX = keyFromBasis(counts.X, counts.Z, s, epsSec / 2, o.epsCor / 2, o.ecEfficiency);
  const fromZ = keyFromBasis(counts.Z, counts.X, s, epsSec / 2, o.epsCor / 2, o.ecEfficiency);
  const bits = Math.max(0, fromX.rawKeyBits) + Math.max(0, fromZ.rawKeyBits);
  return { bits: bits > 0 ? bits : fromX.rawKeyBits + fromZ.rawKeyBits, result: { ...fromX, rawKeyBits: bits } };
}

/**
 * Secret key length l with eps_sec = kappa l (Lim et al. 2014 Sec. IV: "eps_sec = kappa l, where kappa
 * ... can be seen as the secrecy leakage per generated bit"), solved to convergence.
 *
 * Write L(eps) for Eq. (1) before flooring. L never decreases as eps grows (every Hoeffding and
 * sampling deviation shrinks and -6 log2(21/eps) grows), so a length l is self-consistent when
 * l <= L(kappa l), and the key is the largest root of g(l) = L(kappa l) - l. Iterating l <- L(kappa l)
 * from U = L(kappa n) (n = sifted detections, more than any key) decreases monotonically onto that
 * root when one exists; far from the cut-off it converges in a few steps. Near the cut-off, where g
 * barely reaches 0, it slows down, so after 40 steps the solver brackets instead, in t = ln l: g is
 * unimodal in t (a concave function of ln eps minus e^t), so a scan plus golden-section search finds
 * its maximum and bisection the root above it. No root >= 1 means no key (keyBits 0), and rawKeyBits
 * then holds max_l g(l) < 0, a ranking for optimisers. keyBits = floor(root), which satisfies
 * keyBits <= L(kappa keyBits) (checked; 0 if flooring falls below the feasible interval).
 * Requires the intensity conditions of {@link finiteKeyLength}; RangeError unless kappa in (0, 1e-3].
 */
export function selfConsistentKeyLength(counts: BlockCounts, s: IntensitySet, options: PerBitSecrecyOptions): SelfConsistentKey {
  const { kappa } = options;
  if (!(kappa > 0 && kappa <= 1e-3)) throw new RangeError(`kappa must be in (0, 1e-3], got ${kappa}`);
  let evaluations = 0;
  const at = (l: number) => {
    evaluations++;
    return unflooredBits(counts, s, Math.min(EPS_SEC_CAP, kappa * l), options);
  };
  const g = (l: number) => at(l).bits - l;
  const sifted = sum3(counts.X.detections) + (options.keyBases === 'both' ? sum3(counts.Z.detections) : 0);
  const cap = Math.min(Math.max(1, sifted), EPS_SEC_CAP / kappa);

  let l = Math.min(cap, at(cap).bits);
  for (let step = 0; l >= 1 && step < 40; step++) {
    const next = Math.min(l, at(l).bits);
    const converged = l - next <= 1e-9 * l;
    l = next;
    if (converged) return finish(Math.floor(l));
  }
  if (l < 1) return finish(0, maxOfG(0, Math.log(cap)).value);
  const hiT = Math.log(l);
  const peak = maxOfG(0, hiT);
  if (peak.value < 0) return finish(0, peak.value);
  let [a, b] = [peak.t, hiT];
  for (let i = 0; i < 80 && b - a > 1e-12; i++) {
    const m = (a + b) / 2;
    if (g(Math.exp(m)) >= 0) a = m;
    else b = m;
  }
  return finish(Math.floor(Math.exp(a)));

  /** Maximum of g(e^t) on [loT, hiT]: a 24-interval scan, then golden-section search around the best node. */
  function maxOfG(loT: number, hiT: number): { t: number; value: number } {
    const nodes = 24;
    const step = (hiT - loT) / nodes;
    let bestI = 0;
    let bestV = -Infinity;
    for (let i = 0; i <= nodes; i++) {
      const v = g(Math.exp(loT + i * step));
      if (v > bestV) [bestI, bestV] = [i, v];
    }
    let x0 = loT + Math.max(0, bestI - 1) * step;
    let x1 = loT + Math.min(nodes, bestI + 1) * step;
    const phi = (Math.sqrt(5) - 1) / 2;
    for (let i = 0; i < 40; i++) {
      const c = x1 - phi * (x1 - x0);
      const d = x0 + phi * (x1 - x0);
      if (g(Math.exp(c)) >= g(Math.exp(d))) x1 = d;
      else x0 = c;
    }
    const t = (x0 + x1) / 2;
    const v = g(Math.exp(t));
    return v >= bestV ? { t, value: v } : { t: loT + bestI * step, value: bestV };
  }

  function finish(keyBits: number, margin?: number): SelfConsistentKey {
    const k = keyBits >= 1 && g(keyBits) >= 0 ? keyBits : 0;
    const { result } = at(Math.max(1, k));
    return { ...result, keyBits: k, rawKeyBits: k >= 1 ? k : (margin ?? g(1)), epsSec: Math.min(EPS_SEC_CAP, kappa * Math.max(1, k)), evaluations };
  }
}
