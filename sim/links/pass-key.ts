/**
 * Secret key over one satellite pass: integrates the expected counts of every intensity along the
 * pass geometry inside the key window, then applies the finite-key bound once to the whole block.
 *
 * Geometry arrives as a function of time (the orbit layer supplies it), so this file knows nothing
 * about orbits. The channel at each instant is the downlink's one loss budget ({@link downlinkLoss}).
 *   1. The key window: where the elevation is at or above the key mask and the Sun at or below the
 *      night threshold. When the caller knows it exactly and it is one interval (`exactWindow`: the
 *      pass search found it to 1 ms for a pass with one culmination) it is used as given; otherwise
 *      it is sampled every stepMs and each edge refined by bisection to boundaryToleranceMs.
 *   2. On each window segment, Q_k(t) and E_k Q_k(t) of the three intensities and the asymptotic key
 *      rate are integrated over time:
 *      - `gauss` (default): 16-point Gauss-Legendre quadrature (Abramowitz & Stegun 25.4.29; nodes
 *        and weights computed below and tested against their Table 25.4). The integrand is smooth
 *        inside the window (Gaussian-beam loss over the slant range, air mass), where Gauss-Legendre
 *        converges exponentially: on real passes it agrees with a 0.5 s / 1 ms Simpson reference to
 *        better than 0.1 % in secret key (0.025 % worst, with the quintic geometry nodes of keyForPass),
 *        better than the previous default (test/links/pass-key-accuracy).
 *      - `simpson`: composite Simpson's rule with h <= stepMs (O(h^4)), the reference.
 *   3. Counts = repetition rate x integral x intensity probability x basis share; finite key by
 *      Lim et al. 2014 Eq. (1) on those expected counts.
 * The inner loop uses only scalars: no allocation per sample.
 * @module
 */
import { errorGainFromExpm1, gainFromExpm1, intensityExps, keyPerPulseFromGains, type IntensityExps } from './bb84-decoy.js';
import { countsFromGains } from './block-counts.js';
import { DEFAULT_EPS_COR, DEFAULT_EPS_SEC, finiteKeyLength, type FiniteKeyResult } from './finite-key.js';
import { downlinkTransmittance, transmittanceToDb, type DownlinkParams } from './free-space.js';

/** Where the satellite is seen from the station at one instant. */
export interface PassGeometry {
  /** Slant range, km. */
  readonly rangeKm: number;
  /** Elevation of the satellite, degrees. */
  readonly elevationDeg: number;
  /** Elevation of the Sun at the station, degrees; omitted means night. */
  readonly sunElevationDeg?: number;
}

/** Geometry as a function of UTC time in Unix milliseconds. */
export interface PassGeometryFn {
  (utcMs: number): PassGeometry;
}

/** How the key over a pass is integrated (see the module comment). */
export type PassIntegration = 'gauss' | 'simpson';

/** Integration and security settings of {@link passKey}. */
export interface PassKeyOptions {
  /** Quadrature (default 'gauss'). */
  readonly integration?: PassIntegration;
  /**
   * The window given is exactly the key window and one interval (default false): its edges are not
   * searched again. Only for windows found to the millisecond by the caller.
   */
  readonly exactWindow?: boolean;
  /** Largest Simpson step, and the sampling step of the window search, ms (> 0). Default 10 000. */
  readonly stepMs?: number;
  /** Key-window edges are located to this accuracy, ms (> 0). Default 50. */
  readonly boundaryToleranceMs?: number;
  /** Secrecy parameter (default {@link DEFAULT_EPS_SEC}). */
  readonly epsSec?: number;
  /** Correctness parameter (default {@link DEFAULT_EPS_COR}). */
  readonly epsCor?: number;
  /** Key from X only (Lim et al. as published) or from both bases (default 'both'; see finite-key.ts). */
  readonly keyBases?: 'X' | 'both';
}

/** Pulses sent and sifted detections / errors of one intensity over the pass (both bases). */
export interface IntensityCounts {
  readonly sent: number;
  readonly detected: number;
  readonly errors: number;
}

/** Key from one pass. All counts are expected values over the key window. */
export interface PassKeyResult {
  /** Total time inside the key window, s (0 when the pass never enters it). */
  readonly keyWindowS: number;
  /** First and last instants of the key window, Unix ms (null when empty). */
  readonly keyWindowStartMs: number | null;
  readonly keyWindowEndMs: number | null;
  /** Sifted bits (all intensities, matching bases). */
  readonly siftedBits: number;
  /** Signal QBER over the block. */
  readonly qber: number;
  /** Finite-key secret bits (Lim et al. 2014), whole bits, >= 0. */
  readonly secretBits: number;
  /** Time integral of the asymptotic (GLLP) key rate: the infinite-statistics limit, bits >= 0. */
  readonly secretBitsAsymptotic: number;
  /** siftedBits / keyWindowS (0 for an empty window), bit/s. */
  readonly meanSiftedRateBps: number;
  /** secretBits / keyWindowS (0 for an empty window), bit/s. */
  readonly meanSecretKeyRateBps: number;
  /** Per intensity: signal mu, decoy nu, vacuum omega. */
  readonly counts: { readonly mu: IntensityCounts; readonly nu: IntensityCounts; readonly omega: IntensityCounts };
  /** The finite-key bound's intermediate values (X-key half when keyBases is 'both'). */
  readonly finiteKey: FiniteKeyResult;
}

function inWindow(g: PassGeometry, p: DownlinkParams): boolean {
  return g.elevationDeg >= p.keyMaskDeg && (g.sunElevationDeg === undefined || g.sunElevationDeg <= p.sunMaxElevationDeg);
}

/** Bisection between an instant outside and one inside the key window; returns the inside edge. */
function refineEdge(geometry: PassGeometryFn, p: DownlinkParams, outMs: number, inMs: number, toleranceMs: number): number {
  while (Math.abs(inMs - outMs) > toleranceMs) {
    const mid = (outMs + inMs) / 2;
    if (inWindow(geometry(mid), p)) inMs = mid;
    else outMs = mid;
  }
  return inMs;
}

/** Finds the key-window segments [start, end] in ms inside [startMs, endMs]. */
export function keyWindowSegments(
  geometry: PassGeometryFn,
  window: { readonly startMs: number; readonly endMs: number },
  p: DownlinkParams,
  stepMs = 10_000,
  toleranceMs = 50,
): [number, number][] {
  const segments: [number, number][] = [];
  const n = Math.max(1, Math.ceil((window.endMs - window.startMs) / stepMs));
  const h = (window.endMs - window.startMs) / n;
  let prevMs = window.startMs;
  let prevIn = inWindow(geometry(prevMs), p);
  let openMs: number | null = prevIn ? prevMs : null;
  for (let i = 1; i <= n; i++) {
    const tMs = i === n ? window.endMs : window.startMs + i * h;
    const isIn = inWindow(geometry(tMs), p);
    if (isIn && !prevIn) openMs = refineEdge(geometry, p, prevMs, tMs, toleranceMs);
    if (!isIn && prevIn && openMs !== null) {
      segments.push([openMs, refineEdge(geometry, p, tMs, prevMs, toleranceMs)]);
      openMs = null;
    }
    prevMs = tMs;
    prevIn = isIn;
  }
  if (openMs !== null) segments.push([openMs, window.endMs]);
  return segments.filter(([a, b]) => b > a);
}

/**
 * Nodes (ascending, on [-1, 1]) and weights of n-point Gauss-Legendre quadrature: the roots of the
 * Legendre polynomial P_n by Newton's method from the Tricomi estimate cos(pi (i - 1/4) / (n + 1/2)),
 * P_n by its three-term recurrence, and w_i = 2 / ((1 - x_i^2) P_n'(x_i)^2) (A&S 25.4.29).
 */
export function gaussLegendre(n: number): { readonly nodes: Float64Array; readonly weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const legendre = (x: number): [number, number] => {
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) [p0, p1] = [p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k];
    return [p1, (n * (x * p1 - p0)) / (x * x - 1)];
  };
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const [p, dp] = legendre(x);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    const [, dp] = legendre(x);
    nodes[n - i] = x;
    weights[n - i] = 2 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}

/** Points of the default quadrature: 16 suffice for every pass tested (see the module comment). */
export const GAUSS_POINTS = 16;
const GAUSS = gaussLegendre(GAUSS_POINTS);

/** Running integrals over time (s) of Q_k, E_k Q_k (k = mu, nu, omega) and the asymptotic key rate. */
class PassIntegrals {
  gMu = 0;
  gNu = 0;
  gOm = 0;
  eMu = 0;
  eNu = 0;
  eOm = 0;
  keyAsym = 0;
  private readonly noise: number;
  /** Per-link constants of the integrand, made once: the detector's loss and the decoy bounds' exponentials. */
  private readonly detectorDb: number;
  private readonly exps: IntensityExps;

  constructor(private readonly link: DownlinkParams) {
    this.noise = link.darkCountProb + link.backgroundProb;
    this.detectorDb = transmittanceToDb(link.detectorEfficiency);
    this.exps = intensityExps(link);
  }

  /** Adds the integrand at one geometry with quadrature weight wS (seconds). */
  add(g: PassGeometry, wS: number): void {
    const link = this.link;
    const noise = this.noise;
    const eta = downlinkTransmittance(g.rangeKm, Math.min(90, g.elevationDeg), link, this.detectorDb);
    const { mu, nu, omega, misalignment: ed, afterpulseProb: pap } = link;
    // expm1(-eta k) once per intensity: the gain and the error gain share it.
    const mMu = Math.expm1(-eta * mu);
    const mNu = Math.expm1(-eta * nu);
    const mOm = Math.expm1(-eta * omega);
    const qMu = gainFromExpm1(mMu, noise, pap);
    const qNu = gainFromExpm1(mNu, noise, pap);
    const qOm = gainFromExpm1(mOm, noise, pap);
    const eqMu = errorGainFromExpm1(mMu, noise, ed, pap);
    const eqNu = errorGainFromExpm1(mNu, noise, ed, pap);
    const eqOm = errorGainFromExpm1(mOm, noise, ed, pap);
    this.gMu += wS * qMu;
    this.gNu += wS * qNu;
    this.gOm += wS * qOm;
    this.eMu += wS * eqMu;
    this.eNu += wS * eqNu;
    this.eOm += wS * eqOm;
    this.keyAsym += wS * keyPerPulseFromGains(eta, noise, link, qMu, eqMu, qNu, eqNu, qOm, eqOm, this.exps);
  }
}

/** Integrates one segment [aMs, bMs] with the chosen quadrature. */
function integrateSegment(acc: PassIntegrals, geometry: PassGeometryFn, aMs: number, bMs: number, integration: PassIntegration, stepMs: number): void {
  if (integration === 'gauss') {
    const halfS = (bMs - aMs) / 2000;
    const midMs = (aMs + bMs) / 2;
    for (let i = 0; i < GAUSS_POINTS; i++) acc.add(geometry(midMs + halfS * 1000 * GAUSS.nodes[i]!), halfS * GAUSS.weights[i]!);
    return;
  }
  const n = Math.max(2, 2 * Math.ceil((bMs - aMs) / stepMs / 2));
  const hS = (bMs - aMs) / n / 1000;
  for (let i = 0; i <= n; i++) {
    const w = ((i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * hS) / 3; // Simpson weight
    acc.add(geometry(aMs + ((bMs - aMs) * i) / n), w);
  }
}

/**
 * Key over one pass (see the module comment). `link` is a complete parameter set, e.g. a preset
 * merged with overrides; it is trusted (validate user input first, see validate.ts).
 * @param window integration span, Unix ms; endMs >= startMs (RangeError otherwise)
 */
export function passKey(
  geometry: PassGeometryFn,
  window: { readonly startMs: number; readonly endMs: number },
  link: DownlinkParams,
  options: PassKeyOptions = {},
): PassKeyResult {
  if (!(window.endMs >= window.startMs)) throw new RangeError(`pass window must have endMs >= startMs, got ${window.startMs}..${window.endMs}`);
  const stepMs = options.stepMs ?? 10_000;
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be > 0, got ${stepMs}`);
  const integration = options.integration ?? 'gauss';
  const segments: [number, number][] = options.exactWindow
    ? window.endMs > window.startMs ? [[window.startMs, window.endMs]] : []
    : keyWindowSegments(geometry, window, link, stepMs, options.boundaryToleranceMs ?? 50);
  const acc = new PassIntegrals(link);
  let windowS = 0;
  for (const [aMs, bMs] of segments) {
    windowS += (bMs - aMs) / 1000;
    integrateSegment(acc, geometry, aMs, bMs, integration, stepMs);
  }
  const { gMu, gNu, gOm, eMu, eNu, eOm, keyAsym } = acc;
  const rate = link.repRateHz;
  const q = link.siftingFactor;
  const counts = countsFromGains([gMu, gNu, gOm], [eMu, eNu, eOm], link, rate);
  const finiteKey = finiteKeyLength(counts, link, {
    epsSec: options.epsSec ?? DEFAULT_EPS_SEC,
    epsCor: options.epsCor ?? DEFAULT_EPS_COR,
    ecEfficiency: link.ecEfficiency,
    keyBases: options.keyBases ?? 'both',
  });
  const intensity = (prob: number, gain: number, errorGain: number): IntensityCounts => ({
    sent: rate * prob * windowS,
    detected: rate * prob * q * gain,
    errors: rate * prob * q * errorGain,
  });
  const siftedBits = rate * q * (link.pMu * gMu + link.pNu * gNu + link.pOmega * gOm);
  const secretBits = windowS > 0 ? finiteKey.keyBits : 0;
  return {
    keyWindowS: windowS,
    keyWindowStartMs: segments.length > 0 ? segments[0]![0] : null,
    keyWindowEndMs: segments.length > 0 ? segments[segments.length - 1]![1] : null,
    siftedBits,
    qber: gMu > 0 ? eMu / gMu : 0,
    secretBits,
    secretBitsAsymptotic: rate * keyAsym,
    meanSiftedRateBps: windowS > 0 ? siftedBits / windowS : 0,
    meanSecretKeyRateBps: windowS > 0 ? secretBits / windowS : 0,
    counts: { mu: intensity(link.pMu, gMu, eMu), nu: intensity(link.pNu, gNu, eNu), omega: intensity(link.pOmega, gOm, eOm) },
    finiteKey,
  };
}
