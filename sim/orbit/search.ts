/**
 * Routines to find roots and maxima of smooth scalar functions of time. Nothing here knows about
 * satellites: the pass finder hands in g-functions (Orekit's term) such as sin(elevation) - sin(mask).
 *
 * Root refinement is Brent's method (R. P. Brent, "Algorithms for Minimization without Derivatives",
 * 1973, ch. 4): bisection safety with inverse quadratic / secant speed. When the derivative is known,
 * {@link newtonRoot} uses Newton steps kept inside the bracket (falling back to bisection), which
 * needs fewer evaluations of an expensive function.
 * @module
 */

/** A real function of time (ms). */
export type TimeFunction = (tMs: number) => number;

/** Options for the sampled searches. */
export interface SearchOptions {
  /** Sampling step, ms; every root or extremum must be isolated at this resolution. */
  readonly stepMs: number;
  /** Final bracket width, ms (default 1). */
  readonly toleranceMs?: number;
}

/**
 * Brent's root finder on [a, b] where fa = f(a) and fb = f(b) have opposite signs (or one is 0).
 * Returns t with |t - root| <= toleranceMs (a root exactly hit is returned as is).
 * @throws RangeError when f(a) and f(b) have the same strict sign
 */
export function brentRoot(f: TimeFunction, a: number, b: number, fa: number, fb: number, toleranceMs = 1): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) throw new RangeError(`brentRoot: f(a)=${fa} and f(b)=${fb} must bracket a root`);
  // Keep b as the best estimate and c as the contrapoint, so that the root is always in [b, c].
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if (fb > 0 === fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 2 * Number.EPSILON * Math.abs(b) + 0.5 * toleranceMs;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: secant when only two distinct points, inverse quadratic otherwise.
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qa = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      // Accept the interpolation only if it stays well inside the bracket and converges fast enough.
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return b;
}

/**
 * Newton's method kept inside a bracket [a, b] (fa, fb of opposite signs): each step uses the
 * derivative; a step that would leave the bracket, or not halve it fast enough, becomes bisection
 * (Press et al., Numerical Recipes, 3rd ed., sec. 9.4, "rtsafe").
 * @param fdf returns f(t) and writes f'(t) (per ms) into `out[0]`
 */
export function newtonRoot(
  fdf: (tMs: number, out: Float64Array) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  toleranceMs = 1,
): number {
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (fa > 0 === fb > 0) throw new RangeError(`newtonRoot: f(a)=${fa} and f(b)=${fb} must bracket a root`);
  // Orient so that f(lo) < 0 < f(hi).
  let lo = fa < 0 ? a : b;
  let hi = fa < 0 ? b : a;
  const deriv = new Float64Array(1);
  let t = 0.5 * (a + b);
  let dxOld = Math.abs(b - a);
  let dx = dxOld;
  let f = fdf(t, deriv);
  for (let iter = 0; iter < 100; iter++) {
    const df = deriv[0]!;
    const outside = ((t - hi) * df - f) * ((t - lo) * df - f) > 0;
    if (outside || Math.abs(2 * f) > Math.abs(dxOld * df)) {
      dxOld = dx;
      dx = 0.5 * (hi - lo);
      t = lo + dx;
    } else {
      dxOld = dx;
      dx = f / df;
      t -= dx;
    }
    if (Math.abs(dx) < toleranceMs) return t;
    f = fdf(t, deriv);
    if (f === 0) return t;
    if (f < 0) lo = t;
    else hi = t;
    if (Math.abs(hi - lo) < toleranceMs) return f < 0 ? lo + 0.5 * (hi - lo) : hi - 0.5 * (hi - lo);
  }
  return t;
}

/** A sign change of g found by {@link findCrossings}. */
export interface Crossing {
  readonly tMs: number;
  /** True when g goes from negative to non-negative. */
  readonly rising: boolean;
}

/**
 * Every sign change of g in [t0Ms, t1Ms]: samples every stepMs (and at t1Ms), then refines each
 * bracketed change with {@link brentRoot}. Changes closer together than stepMs may be missed:
 * pick the step from what g is (a twentieth of an orbit for elevations, as Skyfield does).
 */
export function findCrossings(g: TimeFunction, t0Ms: number, t1Ms: number, options: SearchOptions): Crossing[] {
  checkWindow(t0Ms, t1Ms, options.stepMs);
  const tol = options.toleranceMs ?? 1;
  const out: Crossing[] = [];
  let ta = t0Ms;
  let ga = g(ta);
  while (ta < t1Ms) {
    const tb = Math.min(ta + options.stepMs, t1Ms);
    const gb = g(tb);
    if (ga < 0 !== gb < 0) out.push({ tMs: brentRoot(g, ta, tb, ga, gb, tol), rising: ga < 0 });
    ta = tb;
    ga = gb;
  }
  return out;
}

/** A local maximum found by {@link findMaxima}. */
export interface Maximum {
  readonly tMs: number;
  readonly value: number;
}

/**
 * Every interior local maximum of f in (t0Ms, t1Ms): samples every stepMs, then refines each
 * sampled peak by golden-section search to toleranceMs. Maxima at the window edges are not
 * reported (the function may keep rising beyond them).
 *
 *      f    .  *  .            a sampled peak (*) higher than both neighbours brackets a maximum
 *         .         .          in [previous, next]; the refinement stays inside that bracket.
 */
export function findMaxima(f: TimeFunction, t0Ms: number, t1Ms: number, options: SearchOptions): Maximum[] {
  checkWindow(t0Ms, t1Ms, options.stepMs);
  const tol = options.toleranceMs ?? 1;
  const ts: number[] = [];
  for (let t = t0Ms; t < t1Ms; t += options.stepMs) ts.push(t);
  ts.push(t1Ms);
  const fs = ts.map(f);
  const out: Maximum[] = [];
  for (let i = 1; i + 1 < ts.length; i++) {
    // A flat top shared by two samples counts once (>= on the left, > on the right).
    if (fs[i]! >= fs[i - 1]! && fs[i]! > fs[i + 1]!) {
      const tMs = goldenMax(f, ts[i - 1]!, ts[i + 1]!, tol);
      out.push({ tMs, value: f(tMs) });
    }
  }
  return out;
}

const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** Golden-section search for the maximum of a unimodal f on [a, b], to toleranceMs. */
export function goldenMax(f: TimeFunction, a: number, b: number, toleranceMs = 1): number {
  let x1 = b - INV_PHI * (b - a);
  let x2 = a + INV_PHI * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > toleranceMs) {
    if (f1 < f2) {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + INV_PHI * (b - a);
      f2 = f(x2);
    } else {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - INV_PHI * (b - a);
      f1 = f(x1);
    }
  }
  return 0.5 * (a + b);
}

function checkWindow(t0Ms: number, t1Ms: number, stepMs: number): void {
  if (!(t1Ms >= t0Ms)) throw new RangeError(`search window end ${t1Ms} ms is before its start ${t0Ms} ms`);
  if (!(stepMs > 0)) throw new RangeError(`search step must be > 0 ms, got ${stepMs}`);
}
