/**
 * Secret key over one satellite pass: integrates the expected counts of every intensity along the
 * pass geometry inside the key window, then applies the finite-key bound once to the whole block.
 *
 * Geometry arrives as a function of time (the orbit layer supplies it), so this file knows nothing
 * about orbits. Algorithm:
 *   1. Sample the window every stepMs and mark where a key may be made (elevation >= mask, Sun at or
 *      below the night threshold); refine each edge by bisection to boundaryToleranceMs.
 *   2. On each key segment integrate Q_k(t) and E_k Q_k(t) for the three intensities, and the
 *      asymptotic key rate, by composite Simpson's rule with n even and h = segment / n <= stepMs.
 *      Clipping at the refined edges keeps the integrand smooth, which Simpson needs: its error is
 *      O(h^4), and halving a 10 s step changes the Liao 2017 pass result by far less than 0.5 %.
 *   3. Counts = repetition rate x integral x intensity probability x basis share; finite key by
 *      Lim et al. 2014 Eq. (1) on those expected counts.
 * The inner loop uses only scalars: no allocation per sample.
 * @module
 */
import { errorGainOf, gainOf, keyPerPulseFromGains } from './bb84-decoy.js';
import { countsFromGains } from './block-counts.js';
import { DEFAULT_EPS_COR, DEFAULT_EPS_SEC, finiteKeyLength, type FiniteKeyResult } from './finite-key.js';
import { atmosphereLossDb, diffractionLossDb, type DownlinkParams } from './free-space.js';

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

/** Integration and security settings of {@link passKey}. */
export interface PassKeyOptions {
  /** Largest integration step, ms (> 0). Default 10 000. */
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
  return g.elevationDeg >= p.minElevationDeg && (g.sunElevationDeg === undefined || g.sunElevationDeg <= p.maxSunElevationDeg);
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
  const segments = keyWindowSegments(geometry, window, link, stepMs, options.boundaryToleranceMs ?? 50);
  const noise = link.darkCountProb + link.backgroundProb;
  const detectorDb = -10 * Math.log10(link.detectorEfficiency);
  const { mu, nu, omega, misalignment: ed, afterpulseProb: pap } = link;
  // Integrals over time in seconds of Q_k, E_k Q_k (k = mu, nu, omega) and of the asymptotic key rate.
  let gMu = 0, gNu = 0, gOm = 0, eMu = 0, eNu = 0, eOm = 0, keyAsym = 0, windowS = 0;
  for (const [aMs, bMs] of segments) {
    const n = Math.max(2, 2 * Math.ceil((bMs - aMs) / stepMs / 2));
    const hS = (bMs - aMs) / n / 1000;
    windowS += (bMs - aMs) / 1000;
    for (let i = 0; i <= n; i++) {
      const g = geometry(aMs + ((bMs - aMs) * i) / n);
      const lossDb = diffractionLossDb(g.rangeKm, link) + atmosphereLossDb(Math.min(90, g.elevationDeg), link.zenithLossDb) + link.fixedLossDb + detectorDb;
      const eta = Math.pow(10, -lossDb / 10);
      const w = ((i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * hS) / 3; // Simpson weight
      const qMu = gainOf(eta, mu, noise, pap);
      const qNu = gainOf(eta, nu, noise, pap);
      const qOm = gainOf(eta, omega, noise, pap);
      const eqMu = errorGainOf(eta, mu, noise, ed, pap);
      const eqNu = errorGainOf(eta, nu, noise, ed, pap);
      const eqOm = errorGainOf(eta, omega, noise, ed, pap);
      gMu += w * qMu;
      gNu += w * qNu;
      gOm += w * qOm;
      eMu += w * eqMu;
      eNu += w * eqNu;
      eOm += w * eqOm;
      keyAsym += w * keyPerPulseFromGains(eta, noise, link, qMu, eqMu, qNu, eqNu, qOm, eqOm);
    }
  }
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
