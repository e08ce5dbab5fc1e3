/**
 * Pass windows: when each satellite is above a station's elevation mask, found by scanning and
 * root-finding rather than by sampling every second.
 *
 * The scan (one SGP4 call per sample, shared by every station):
 *   - Far from every station the satellite cannot rise before its geocentric direction has turned
 *     through (central angle - visibility angle); that angle turns at most at the orbit's peak
 *     angular rate, so the scan jumps ahead by that bound (a Lipschitz skip, exact, no guessing).
 *   - Near a station it samples every `stepMs` (<= 5 % of the period, as Skyfield's find_events).
 *     Each sample gives sin(elevation) and its time derivative (from the SGP4 velocity), so a
 *     maximum is bracketed by the derivative changing sign, even when the whole pass is shorter
 *     than the step, and a rise or set by sin(elevation) - sin(mask) changing sign.
 * Refinement: culminations by Brent's method on the derivative, rises and sets by bracketed Newton
 * steps with the exact derivative, to `toleranceMs` (1 ms by default).
 *
 *        el |          .-*-.              * culmination: derivative + -> -
 *      mask |---------/-----\-----        rise / set: el - mask changes sign
 *           |   o    o   o   o    o       o samples (skipped entirely while far away)
 * @module
 */
import type { Observer } from './look.js';
import type { Satellite } from './propagate.js';
import { HermiteSegment } from './hermite.js';
import { brentRoot, newtonRoot } from './search.js';
import { describePass, type Pass, type PassDetailOptions, type RawPass } from './pass-details.js';
import { SunEphemeris } from './sun.js';

export type { Pass } from './pass-details.js';

/** Options for {@link findPasses}. */
export interface PassSearchOptions extends PassDetailOptions {
  /** Elevation mask that defines a pass, degrees (default 10). */
  readonly minElevationDeg?: number;
  /** Refinement tolerance for rise, culmination and set, ms (default 1). */
  readonly toleranceMs?: number;
  /** Largest scan step near a station, ms (default and cap: 5 % of the orbital period, <= 300 s). */
  readonly maxStepMs?: number;
}

/** Work counters of one search, for benchmarks and tests. */
export interface PassSearchStats {
  /** SGP4 evaluations (scan samples plus refinement). */
  sgp4Calls: number;
  /** Scan samples (each one SGP4 call shared by all stations). */
  samples: number;
  /** Event sequences that did not alternate rise / set (should stay 0; tested). */
  anomalies: number;
}

/**
 * Margin on sin(elevation) below which a predicted maximum is not polished: 0.01 (~0.6 deg) is
 * twenty times the interpolation error bound of a 300 km LEO (hermite.ts), and more for higher orbits.
 */
const PREDICTION_MARGIN = 0.01;
/** Half-step of the central difference used for deep-space derivatives, ms. */
const DIFF_MS = 50;
/** Second point of the secant polish of a culmination, ms after the predicted time. */
const POLISH_STEP_MS = 200;

/** Angle between an ellipsoid normal and the geocentric radial never exceeds 0.1925 deg (WGS-84). */
const NORMAL_MARGIN_RAD = (0.25 * Math.PI) / 180;

interface RawEvent {
  readonly kind: 'rise' | 'max' | 'set';
  readonly tMs: number;
  readonly clipped: boolean;
}

/**
 * Every pass of every satellite over every station in [startMs, endMs), sorted by rise time, then
 * station, then satellite. Passes cut by the window edges are kept and flagged (`riseClipped`,
 * `setClipped`); their culmination is the highest point inside the window.
 */
export function findPasses(
  satellites: readonly Satellite[],
  observers: readonly Observer[],
  startMs: number,
  endMs: number,
  options: PassSearchOptions = {},
  stats: PassSearchStats = { sgp4Calls: 0, samples: 0, anomalies: 0 },
): Pass[] {
  if (!(endMs > startMs)) throw new RangeError(`pass search end ${endMs} must be after its start ${startMs}`);
  const sun = options.sun ?? new SunEphemeris();
  const detail = { ...options, sun };
  const passes: Pass[] = [];
  for (const sat of satellites) {
    const perStation: RawPass[][] = observers.map(() => []);
    for (const seg of sat.segments(startMs, endMs)) {
      const found = scanSegment(sat, seg.setIndex, observers, seg.startMs, seg.endMs, options, stats);
      found.forEach((list, s) => appendMerging(perStation[s]!, list));
    }
    perStation.forEach((list, s) => {
      for (const raw of list) passes.push(describePass(sat, observers[s]!, raw, detail, stats));
    });
  }
  passes.sort((a, b) => a.riseMs - b.riseMs || cmp(a.station, b.station) || cmp(a.satellite, b.satellite));
  return passes;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Joins a pass cut at an element-set switch with its continuation in the next segment.
 * Exported for tests only.
 */
export function appendMerging(into: RawPass[], next: RawPass[]): void {
  const last = into[into.length - 1];
  const first = next[0];
  if (last && first && last.setClipped && first.riseClipped && last.setMs === first.riseMs) {
    const edges: number[] = [];
    if (last.riseClipped) edges.push(last.riseMs);
    if (first.setClipped) edges.push(first.setMs);
    into[into.length - 1] = {
      setIndex: last.setIndex,
      riseMs: last.riseMs,
      riseClipped: last.riseClipped,
      setMs: first.setMs,
      setClipped: first.setClipped,
      maximaMs: [...last.maximaMs, ...first.maximaMs],
      edgeCandidatesMs: edges,
    };
    into.push(...next.slice(1));
  } else {
    into.push(...next);
  }
}

/** Scans one element-set segment; returns the raw passes of each station. */
function scanSegment(
  sat: Satellite,
  setIndex: number,
  observers: readonly Observer[],
  a: number,
  b: number,
  options: PassSearchOptions,
  stats: PassSearchStats,
): RawPass[][] {
  const maskDeg = options.minElevationDeg ?? 10;
  const sinMask = Math.sin((maskDeg * Math.PI) / 180);
  const tol = options.toleranceMs ?? 1;
  const bounds = sat.bounds[setIndex]!;
  const stepMs = Math.min(options.maxStepMs ?? 300_000, 0.05 * bounds.periodMs, 300_000);
  const n = observers.length;
  const state = new Float64Array(6);
  const evalAt = (t: number): Float64Array => {
    stats.sgp4Calls++;
    return sat.stateEcf(t, state, setIndex);
  };

  // Largest central angle from which the satellite can be above the mask (spherical triangle
  // station-centre-satellite with the satellite at its highest possible radius), minus nothing:
  // the mask is lowered by the normal/radial margin so the bound stays safe on the ellipsoid.
  const maskLow = (maskDeg * Math.PI) / 180 - NORMAL_MARGIN_RAD;
  const visAngle = observers.map((o) => Math.acos(Math.min(1, (o.radiusKm / bounds.maxRadiusKm) * Math.cos(maskLow))) - maskLow);
  const msPerRad = 1000 / bounds.maxAngularRateRadPerS;

  const events: RawEvent[][] = observers.map(() => []);
  const sA = new Float64Array(n);
  const dA = new Float64Array(n);
  const safeA = new Float64Array(n);
  const sB = new Float64Array(n);
  const dB = new Float64Array(n);
  const safeB = new Float64Array(n);

  const stA = new Float64Array(6);
  const stB = new Float64Array(6);
  // Deep-space sets: derivatives from positions (central difference), see Satellite.isDeepSpace.
  const deep = sat.isDeepSpace(setIndex);
  const before = new Float64Array(6);
  const after = new Float64Array(6);
  const sample = (t: number, s: Float64Array, d: Float64Array, safe: Float64Array, keep: Float64Array): void => {
    if (deep) {
      before.set(evalAt(t - DIFF_MS));
      after.set(evalAt(t + DIFF_MS));
    }
    const st = evalAt(t);
    keep.set(st);
    stats.samples++;
    for (let k = 0; k < n; k++) {
      const o = observers[k]!;
      s[k] = o.sinElevation(st);
      d[k] = deep ? (o.sinElevation(after) - o.sinElevation(before)) / (2 * DIFF_MS / 1000) : o.sinElevationRate(st);
      const angle = Math.acos(Math.max(-1, Math.min(1, o.cosCentralAngle(st))));
      safe[k] = angle > visAngle[k]! ? (angle - visAngle[k]!) * msPerRad : 0;
    }
  };

  // Exact functions of time for one station (k is set before use); each costs one SGP4 call.
  let k = 0;
  const rate = deep
    ? (t: number): number => {
        const s1 = observers[k]!.sinElevation(evalAt(t - DIFF_MS));
        return (observers[k]!.sinElevation(evalAt(t + DIFF_MS)) - s1) / (2 * DIFF_MS / 1000);
      }
    : (t: number): number => observers[k]!.sinElevationRate(evalAt(t));
  const gWithRate = (t: number, out: Float64Array): number => {
    const st = evalAt(t);
    out[0] = observers[k]!.sinElevationRate(st) / 1000;
    return observers[k]!.sinElevation(st) - sinMask;
  };
  const gAt = (t: number): number => observers[k]!.sinElevation(evalAt(t)) - sinMask;
  // The same functions on the Hermite interpolant of the bracket: free, used only to predict.
  const segment = new HermiteSegment();
  const pState = new Float64Array(6);
  const pRate = (t: number): number => observers[k]!.sinElevationRate(segment.stateAt(t, pState));
  const pG = (t: number): number => observers[k]!.sinElevation(segment.stateAt(t, pState)) - sinMask;
  const derivative = new Float64Array(1);

  /** Culmination in [ta, tb]: secant steps on the exact rate from the predicted time. */
  const polishMax = (ta: number, tb: number, rateA: number, rateB: number, tPred: number): number => {
    let t0 = tPred;
    let f0 = rate(t0);
    let t1 = t0 + (t0 + POLISH_STEP_MS <= tb ? POLISH_STEP_MS : -POLISH_STEP_MS);
    let f1 = rate(t1);
    for (let iter = 0; iter < 8 && f1 !== f0; iter++) {
      const t2 = t1 - (f1 * (t1 - t0)) / (f1 - f0);
      if (!(t2 >= ta && t2 <= tb)) break;
      if (Math.abs(t2 - t1) < tol) return t2;
      t0 = t1;
      f0 = f1;
      t1 = t2;
      f1 = rate(t1);
    }
    return brentRoot(rate, ta, tb, rateA, rateB, tol);
  };

  /** Rise or set in [lo, hi] (g(lo), g(hi) of opposite sign): Newton steps from the predicted time. */
  const polishCrossing = (lo: number, hi: number, gLo: number, gHi: number): number => {
    const pLo = pG(lo);
    const pHi = pG(hi);
    if (pLo < 0 !== pHi < 0) {
      let t = brentRoot(pG, lo, hi, pLo, pHi, tol);
      for (let iter = 0; iter < 6; iter++) {
        const f = gWithRate(t, derivative);
        const next = t - f / derivative[0]!;
        if (!(next >= lo && next <= hi)) break;
        if (Math.abs(next - t) < tol) return next;
        t = next;
      }
    }
    return newtonRoot(gWithRate, lo, hi, gLo, gHi, tol);
  };

  let ta = a;
  sample(ta, sA, dA, safeA, stA);
  for (k = 0; k < n; k++) if (sA[k]! >= sinMask) events[k]!.push({ kind: 'rise', tMs: a, clipped: true });

  while (ta < b) {
    let minSafe = Infinity;
    for (let j = 0; j < n; j++) minSafe = Math.min(minSafe, safeA[j]!);
    const tb = Math.min(b, ta + Math.max(stepMs, minSafe));
    sample(tb, sB, dB, safeB, stB);
    segment.reset(ta, stA, tb, stB);
    for (k = 0; k < n; k++) {
      // The central angle can shrink at most at the peak angular rate from either end, so if the two
      // skips overlap, the satellite stays beyond the visibility angle throughout [ta, tb].
      if (safeA[k]! + safeB[k]! >= tb - ta) continue;
      const ga = sA[k]! - sinMask;
      const gb = sB[k]! - sinMask;
      const list = events[k]!;
      if (dA[k]! > 0 && dB[k]! <= 0) {
        // A maximum inside the bracket; a pass shorter than the step is found here too. Maxima
        // predicted well below the mask (the interpolant errs by far less than the margin) are
        // not polished; the ends' true values still decide crossings below.
        const tPred = brentRoot(pRate, ta, tb, dA[k]!, dB[k]!, tol);
        if (ga >= 0 || gb >= 0 || pG(tPred) >= -PREDICTION_MARGIN) {
          const tc = polishMax(ta, tb, dA[k]!, dB[k]!, tPred);
          const gc = gAt(tc);
          if (gc >= 0) {
            if (ga < 0) list.push({ kind: 'rise', tMs: polishCrossing(ta, tc, ga, gc), clipped: false });
            list.push({ kind: 'max', tMs: tc, clipped: false });
            if (gb < 0) list.push({ kind: 'set', tMs: polishCrossing(tc, tb, gc, gb), clipped: false });
            continue;
          }
        }
      } else if (dA[k]! < 0 && dB[k]! >= 0 && ga >= 0 && gb >= 0) {
        // A dip between two culminations (eccentric orbits) may fall below the mask.
        const tm = brentRoot(rate, ta, tb, dA[k]!, dB[k]!, tol);
        const gm = gAt(tm);
        if (gm < 0) {
          list.push({ kind: 'set', tMs: newtonRoot(gWithRate, ta, tm, ga, gm, tol), clipped: false });
          list.push({ kind: 'rise', tMs: newtonRoot(gWithRate, tm, tb, gm, gb, tol), clipped: false });
        }
        continue;
      }
      if (ga < 0 !== gb < 0) {
        list.push({ kind: ga < 0 ? 'rise' : 'set', tMs: polishCrossing(ta, tb, ga, gb), clipped: false });
      }
    }
    ta = tb;
    sA.set(sB);
    dA.set(dB);
    safeA.set(safeB);
    stA.set(stB);
  }
  for (k = 0; k < n; k++) if (sA[k]! >= sinMask) events[k]!.push({ kind: 'set', tMs: b, clipped: true });
  return events.map((list) => assemble(list, setIndex, stats));
}

/** Turns a station's rise / max / set events (in time order) into raw passes. */
function assemble(list: readonly RawEvent[], setIndex: number, stats: PassSearchStats): RawPass[] {
  const out: RawPass[] = [];
  let open: { riseMs: number; riseClipped: boolean; maximaMs: number[] } | undefined;
  for (const ev of list) {
    if (ev.kind === 'rise') {
      if (open) stats.anomalies++;
      else open = { riseMs: ev.tMs, riseClipped: ev.clipped, maximaMs: [] };
    } else if (ev.kind === 'max') {
      if (open) open.maximaMs.push(ev.tMs);
      else stats.anomalies++;
    } else if (open) {
      const edges: number[] = [];
      if (open.riseClipped) edges.push(open.riseMs);
      if (ev.clipped) edges.push(ev.tMs);
      out.push({ setIndex, riseMs: open.riseMs, riseClipped: open.riseClipped, setMs: ev.tMs, setClipped: ev.clipped, maximaMs: open.maximaMs, edgeCandidatesMs: edges });
      open = undefined;
    } else {
      stats.anomalies++;
    }
  }
  if (open) stats.anomalies++;
  return out;
}
