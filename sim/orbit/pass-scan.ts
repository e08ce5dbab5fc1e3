/**
 * The scan behind findPasses: one element-set segment of one satellite over many stations.
 *
 * Each sample is one SGP4 call shared by every station. For each station it first computes only the
 * geocentric angle to the satellite: while that exceeds the visibility angle, the satellite cannot
 * rise before the angle has closed at the orbit's peak angular rate (a Lipschitz bound), so the
 * station is skipped, and when every station is that far the scan jumps ahead; otherwise it steps a
 * tenth of the period (a twentieth for eccentric orbits). Only near stations get
 * sin(elevation) and its derivative at the bracket ends; a maximum is bracketed by the derivative
 * changing sign (so passes shorter than the step are found), a rise or set by the sign of
 * sin(elevation) - sin(mask). Times are predicted on a Hermite interpolant of the bracket (quintic,
 * with the accelerations of gravity.ts, for near-Earth sets: 8-13 m off SGP4 at a tenth of a
 * period; cubic, 2-3 km, for deep-space sets), then polished with a few exact SGP4 calls (secant
 * for culminations, Newton for crossings). A Newton step is the last one when it was below the
 * tolerance, or when its own error, |s''| / (2 |s'|) x step^2 (quadratic convergence; s'' from the
 * exact state and the modelled acceleration), is below NEWTON_ERROR_MS: with the quintic predictor
 * a crossing then costs one SGP4 call instead of two or three.
 * @module
 */
import type { Observer } from './look.js';
import type { Satellite } from './propagate.js';
import { accelerationEcf } from './gravity.js';
import { HermiteSegment, QuinticHermiteSegment } from './hermite.js';
import { brentRoot, newtonRoot } from './search.js';

/** A rise, culmination or set found by the scan. */
export interface RawEvent {
  readonly kind: 'rise' | 'max' | 'set';
  readonly tMs: number;
  readonly clipped: boolean;
  /** The state at tMs: the polish's last exact SGP4 state carried there (see withStateAt). */
  readonly state?: readonly number[];
}

/** Counters shared with findPasses. */
export interface ScanStats {
  sgp4Calls: number;
  samples: number;
}

/** Angle between an ellipsoid normal and the geocentric radial never exceeds 0.1925 deg (WGS-84). */
const NORMAL_MARGIN_RAD = (0.25 * Math.PI) / 180;
/**
 * Scan step as a fraction of the period. Near-circular orbits (e < 0.05) have one maximum and one
 * minimum of elevation per orbit, half a period apart, so a tenth of a period isolates every
 * extremum; eccentric orbits can show two culminations in one pass and get Skyfield's twentieth.
 */
const STEP_FRACTION_CIRCULAR = 0.1;
const STEP_FRACTION_ECCENTRIC = 0.05;
/**
 * Margin on sin(elevation) below which a predicted maximum is not polished. The Hermite predictor
 * errs by <= h^4/384 (w h)^4 r (hermite.ts): 2.8 km for a 500 km LEO at a tenth of a period, i.e.
 * < 0.01 in sin(elevation) at any range above 300 km; 0.03 leaves a factor of three.
 */
const PREDICTION_MARGIN = 0.03;
/** Half-step of the central difference used for deep-space derivatives, ms. */
const DIFF_MS = 50;
/** Second point of the secant polish of a culmination, ms after the predicted time. */
const POLISH_STEP_MS = 200;
/**
 * A Newton step on a crossing ends the polish when the error it leaves, estimated from quadratic
 * convergence, is below this (ms): 0.1 us, far below the 1 ms the times are given to.
 */
const NEWTON_ERROR_MS = 1e-4;
/** Largest move of an exact state to the time a polish returns, ms (see withStateAt). */
const CARRY_LIMIT_MS = 20;

/** Scans one element-set segment of one satellite; see the module comment. */
export class SegmentScanner {
  private readonly n: number;
  private readonly sinMask: number;
  private readonly stepMs: number;
  private readonly cosVis: Float64Array;
  private readonly vis: Float64Array;
  /** Stations' Earth-fixed x, y, z and geocentric radius (km), four per station: the sample loop reads them in order. */
  private readonly stationXyzr: Float64Array;
  private readonly msPerRad: number;
  private readonly deep: boolean;
  private readonly state = new Float64Array(6);
  /** The bracket's predictor: quintic (near-Earth sets) or cubic (deep space). */
  private readonly quintic: QuinticHermiteSegment | null;
  private readonly cubic: HermiteSegment | null;
  private readonly accel = new Float64Array(3);
  private readonly pState = new Float64Array(6);
  private readonly derivative = new Float64Array(1);
  /** Station whose functions the bound methods below evaluate. */
  private k = 0;

  constructor(
    private readonly sat: Satellite,
    private readonly setIndex: number,
    private readonly observers: readonly Observer[],
    maskDeg: number,
    private readonly toleranceMs: number,
    maxStepMs: number,
    private readonly stats: ScanStats,
  ) {
    this.n = observers.length;
    this.sinMask = Math.sin((maskDeg * Math.PI) / 180);
    const bounds = sat.bounds[setIndex]!;
    const fraction = sat.sets[setIndex]!.eccentricity < 0.05 ? STEP_FRACTION_CIRCULAR : STEP_FRACTION_ECCENTRIC;
    this.stepMs = Math.min(maxStepMs, fraction * bounds.periodMs);
    // Largest geocentric angle from which the satellite (at its highest possible radius) can be
    // above the mask, with the mask lowered by the normal/radial margin to stay safe on the ellipsoid.
    const maskLow = (maskDeg * Math.PI) / 180 - NORMAL_MARGIN_RAD;
    this.vis = Float64Array.from(observers, (o) => Math.acos(Math.min(1, (o.radiusKm / bounds.maxRadiusKm) * Math.cos(maskLow))) - maskLow);
    this.cosVis = this.vis.map(Math.cos);
    this.stationXyzr = Float64Array.from(observers.flatMap((o) => [o.xKm, o.yKm, o.zKm, o.radiusKm]));
    this.msPerRad = 1000 / bounds.maxAngularRateRadPerS;
    this.deep = sat.isDeepSpace(setIndex);
    this.quintic = this.deep ? null : new QuinticHermiteSegment();
    this.cubic = this.deep ? new HermiteSegment() : null;
  }

  /** Predicted state (position, and velocity unless positionOnly) at t on the bracket's interpolant. */
  private predict(t: number, positionOnly: boolean): Float64Array {
    if (this.quintic) return positionOnly ? this.quintic.positionAt(t, this.pState) : this.quintic.stateAt(t, this.pState);
    return positionOnly ? this.cubic!.positionAt(t, this.pState) : this.cubic!.stateAt(t, this.pState);
  }

  /** Time of the last exact state (this.state), ms. */
  private lastEvalMs = NaN;

  private evalAt(t: number): Float64Array {
    this.stats.sgp4Calls++;
    this.lastEvalMs = t;
    return this.sat.stateEcf(t, this.state, this.setIndex);
  }

  /** Exact d sin(el)/dt (1/s) of station k; from positions for deep-space sets. */
  private readonly rate = (t: number): number => {
    const o = this.observers[this.k]!;
    if (!this.deep) return o.sinElevationRate(this.evalAt(t));
    const s1 = o.sinElevation(this.evalAt(t - DIFF_MS));
    return (o.sinElevation(this.evalAt(t + DIFF_MS)) - s1) / ((2 * DIFF_MS) / 1000);
  };

  /** Exact sin(el) - sin(mask) of station k, its derivative per ms in out[0]. */
  private readonly gWithRate = (t: number, out: Float64Array): number => {
    const st = this.evalAt(t);
    const o = this.observers[this.k]!;
    out[0] = o.sinElevationRate(st) / 1000;
    return o.sinElevation(st) - this.sinMask;
  };

  private gAt(t: number): number {
    return this.observers[this.k]!.sinElevation(this.evalAt(t)) - this.sinMask;
  }

  /** Predicted rate and g on the bracket's Hermite interpolant (no SGP4 call). */
  private readonly pRate = (t: number): number => this.observers[this.k]!.sinElevationRate(this.predict(t, false));
  private readonly pG = (t: number): number => this.observers[this.k]!.sinElevation(this.predict(t, true)) - this.sinMask;

  /**
   * Culmination in [ta, tb]: a Newton step on the exact rate using the interpolant's slope, then
   * secant steps on exact rates; Brent's method on the whole bracket if that goes astray.
   */
  private polishMax(ta: number, tb: number, rateA: number, rateB: number, tPred: number): number {
    const tol = this.toleranceMs;
    const h = POLISH_STEP_MS;
    const slope = (this.pRate(tPred + h) - this.pRate(tPred - h)) / (2 * h);
    let t0 = tPred;
    let f0 = this.rate(t0);
    let t1 = slope < 0 ? t0 - f0 / slope : t0 + (t0 + h <= tb ? h : -h);
    if (!(t1 >= ta && t1 <= tb)) t1 = t0 + (t0 + h <= tb ? h : -h);
    if (Math.abs(t1 - t0) < tol) return t1;
    let f1 = this.rate(t1);
    for (let iter = 0; iter < 8 && f1 !== f0; iter++) {
      const t2 = t1 - (f1 * (t1 - t0)) / (f1 - f0);
      if (!(t2 >= ta && t2 <= tb)) break;
      if (Math.abs(t2 - t1) < tol) return t2;
      t0 = t1;
      f0 = f1;
      t1 = t2;
      f1 = this.rate(t1);
    }
    return brentRoot(this.rate, ta, tb, rateA, rateB, tol);
  }

  /** Rise or set in [lo, hi] (g(lo), g(hi) of opposite sign): Newton steps from the predicted time. */
  private polishCrossing(lo: number, hi: number, gLo: number, gHi: number): number {
    const tol = this.toleranceMs;
    const pLo = this.pG(lo);
    const pHi = this.pG(hi);
    if (pLo < 0 !== pHi < 0) {
      let t = brentRoot(this.pG, lo, hi, pLo, pHi, tol);
      for (let iter = 0; iter < 6; iter++) {
        const f = this.gWithRate(t, this.derivative);
        const next = t - f / this.derivative[0]!;
        if (!(next >= lo && next <= hi)) break;
        if (Math.abs(next - t) < tol || (this.quintic && this.newtonError(next - t, this.derivative[0]!) < NEWTON_ERROR_MS)) return this.withStateAt(next);
        t = next;
      }
    }
    return this.withStateAt(newtonRoot(this.gWithRate, lo, hi, gLo, gHi, tol));
  }

  /**
   * Error (ms) left by a Newton step of stepMs on g from the last exact state: |g''| / (2 |g'|) x
   * step^2, with g' (per ms, as the step took it) and g'' of station k from the state and the
   * modelled acceleration.
   */
  private newtonError(stepMs: number, ratePerMs: number): number {
    const curvature = this.observers[this.k]!.sinElevationAccel(this.state, accelerationEcf(this.state, this.accel));
    const stepS = stepMs / 1000;
    return ((Math.abs(curvature) / (2 * Math.abs(ratePerMs * 1000))) * stepS * stepS) * 1000;
  }

  /**
   * Makes this.state the state at tMs, the time a polish returns, and returns tMs: a rise or set
   * carries its own state (for its azimuth). The last exact state is moved there when it is within
   * CARRY_LIMIT_MS: to second order with the modelled acceleration for near-Earth sets (error
   * ~ |a'| dt^3 / 6, micrometres over milliseconds), to first order for deep-space ones (where the
   * polish ends within the 1 ms tolerance); otherwise SGP4 is called there.
   */
  private withStateAt(tMs: number): number {
    const dtMs = tMs - this.lastEvalMs;
    if (!(Math.abs(dtMs) <= CARRY_LIMIT_MS) || (this.deep && Math.abs(dtMs) > this.toleranceMs)) {
      this.evalAt(tMs);
      return tMs;
    }
    const st = this.state;
    const dt = dtMs / 1000;
    if (dt === 0) return tMs;
    if (!this.deep) {
      const a = accelerationEcf(st, this.accel);
      for (let i = 0; i < 3; i++) {
        st[i] = st[i]! + st[i + 3]! * dt + 0.5 * a[i]! * dt * dt;
        st[i + 3] = st[i + 3]! + a[i]! * dt;
      }
    } else {
      for (let i = 0; i < 3; i++) st[i] = st[i]! + st[i + 3]! * dt;
    }
    return tMs;
  }

  /** Samples the state at t into `keep` (and the difference states for deep-space sets) and each station's skip time. */
  private sample(t: number, keep: Float64Array, around: Float64Array, safe: Float64Array, acc: Float64Array): void {
    if (this.deep) {
      around.set(this.evalAt(t - DIFF_MS), 0);
      around.set(this.evalAt(t + DIFF_MS), 6);
    }
    keep.set(this.evalAt(t));
    if (this.quintic) accelerationEcf(keep, acc);
    this.stats.samples++;
    const x = keep[0]!;
    const y = keep[1]!;
    const z = keep[2]!;
    const r = Math.sqrt(x * x + y * y + z * z);
    const p = this.stationXyzr;
    for (let k = 0; k < this.n; k++) {
      const cos = (x * p[4 * k]! + y * p[4 * k + 1]! + z * p[4 * k + 2]!) / (r * p[4 * k + 3]!);
      safe[k] = cos >= this.cosVis[k]! ? 0 : (Math.acos(Math.max(-1, cos)) - this.vis[k]!) * this.msPerRad;
    }
  }

  /** sin(el) and its rate of station k from a sampled state (and difference states when deep). */
  private sinAndRate(state: Float64Array, around: Float64Array, out: Float64Array): void {
    const o = this.observers[this.k]!;
    out[0] = o.sinElevation(state);
    out[1] = this.deep
      ? (o.sinElevation(around.subarray(6)) - o.sinElevation(around)) / ((2 * DIFF_MS) / 1000)
      : o.sinElevationRate(state);
  }

  /** The events of every station in [a, b], in time order per station. */
  scan(a: number, b: number): RawEvent[][] {
    const n = this.n;
    const events: RawEvent[][] = this.observers.map(() => []);
    const stA = new Float64Array(6);
    const stB = new Float64Array(6);
    const arA = new Float64Array(12);
    const arB = new Float64Array(12);
    const safeA = new Float64Array(n);
    const safeB = new Float64Array(n);
    const accA = new Float64Array(3);
    const accB = new Float64Array(3);
    const ends = new Float64Array(4); // sA, dA, sB, dB of the current station
    const sa = ends.subarray(0, 2);
    const sb = ends.subarray(2, 4);
    this.sample(a, stA, arA, safeA, accA);
    for (this.k = 0; this.k < n; this.k++) {
      if (safeA[this.k]! > 0) continue;
      this.sinAndRate(stA, arA, sa);
      if (sa[0]! >= this.sinMask) events[this.k]!.push({ kind: 'rise', tMs: a, clipped: true });
    }
    let ta = a;
    while (ta < b) {
      let minSafe = Infinity;
      for (let j = 0; j < n; j++) minSafe = Math.min(minSafe, safeA[j]!);
      const tb = Math.min(b, ta + Math.max(this.stepMs, minSafe));
      this.sample(tb, stB, arB, safeB, accB);
      if (this.quintic) this.quintic.reset(ta, stA, accA, tb, stB, accB);
      else this.cubic!.reset(ta, stA, tb, stB);
      for (this.k = 0; this.k < n; this.k++) {
        // The geocentric angle can close at most at the peak angular rate from either end: if the
        // two skips overlap, the satellite stays beyond the visibility angle throughout [ta, tb].
        if (safeA[this.k]! + safeB[this.k]! >= tb - ta) continue;
        this.sinAndRate(stA, arA, sa);
        this.sinAndRate(stB, arB, sb);
        this.examine(ta, tb, sa[0]! - this.sinMask, sa[1]!, sb[0]! - this.sinMask, sb[1]!, events[this.k]!);
      }
      ta = tb;
      stA.set(stB);
      arA.set(arB);
      safeA.set(safeB);
      accA.set(accB);
    }
    for (this.k = 0; this.k < n; this.k++) {
      if (safeA[this.k]! > 0) continue;
      this.sinAndRate(stA, arA, sa);
      if (sa[0]! >= this.sinMask) events[this.k]!.push({ kind: 'set', tMs: b, clipped: true });
    }
    return events;
  }

  /** Finds the events of station k in the bracket [ta, tb] from g and the rate at both ends. */
  private examine(ta: number, tb: number, ga: number, da: number, gb: number, db: number, list: RawEvent[]): void {
    const tol = this.toleranceMs;
    if (da > 0 && db <= 0) {
      // A maximum inside the bracket; a pass shorter than the step is found here too. Maxima
      // predicted well below the mask (the interpolant errs by far less than the margin) are not
      // polished; the ends' true values still decide crossings below.
      const tPred = brentRoot(this.pRate, ta, tb, da, db, tol);
      if (ga >= 0 || gb >= 0 || this.pG(tPred) >= -PREDICTION_MARGIN) {
        // The state at tc: the polish's last exact state carried there (within milliseconds).
        const tc = this.withStateAt(this.polishMax(ta, tb, da, db, tPred));
        const gc = this.observers[this.k]!.sinElevation(this.state) - this.sinMask;
        if (gc >= 0) {
          const max: RawEvent = { kind: 'max', tMs: tc, clipped: false, state: this.copyState() };
          if (ga < 0) this.pushCrossing(list, 'rise', this.polishCrossing(ta, tc, ga, gc));
          list.push(max);
          if (gb < 0) this.pushCrossing(list, 'set', this.polishCrossing(tc, tb, gc, gb));
          return;
        }
      }
    } else if (da < 0 && db >= 0 && ga >= 0 && gb >= 0) {
      // A dip between two culminations (eccentric orbits) may fall below the mask.
      const tm = brentRoot(this.rate, ta, tb, da, db, tol);
      const gm = this.gAt(tm);
      if (gm < 0) {
        list.push({ kind: 'set', tMs: newtonRoot(this.gWithRate, ta, tm, ga, gm, tol), clipped: false });
        list.push({ kind: 'rise', tMs: newtonRoot(this.gWithRate, tm, tb, gm, gb, tol), clipped: false });
      }
      return;
    }
    if (ga < 0 !== gb < 0) this.pushCrossing(list, ga < 0 ? 'rise' : 'set', this.polishCrossing(ta, tb, ga, gb));
  }

  /** Records a polished rise or set with the state of the polish's last exact evaluation. */
  private pushCrossing(list: RawEvent[], kind: 'rise' | 'set', tMs: number): void {
    list.push({ kind, tMs, clipped: false, state: this.copyState() });
  }

  /** The last evaluated state as a plain array (cheaper to allocate than a typed array). */
  private copyState(): number[] {
    const s = this.state;
    return [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!, s[5]!];
  }
}
