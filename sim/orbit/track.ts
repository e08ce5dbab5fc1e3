/**
 * Geometry along a pass: sampled look angles at a chosen step (for reports and the dashboard), and a
 * fast geometry function for key integration that interpolates SGP4 states with Hermite
 * polynomials between nodes (cubic or quintic; errors below a metre for LEO at the spacings used).
 * @module
 */
import { accelerationEcf } from './gravity.js';
import { HermiteSegment, QuinticHermiteSegment } from './hermite.js';
import type { Observer } from './look.js';
import type { Satellite } from './propagate.js';

/** Geometry samples of one pass, in parallel arrays (Unix ms, degrees, km). */
export interface PassSamples {
  readonly tMs: number[];
  readonly elevationDeg: number[];
  readonly azimuthDeg: number[];
  readonly rangeKm: number[];
}

/**
 * Look angles every stepMs from fromMs, plus one sample at toMs (exact SGP4 at every sample).
 * @throws RangeError when stepMs <= 0 or toMs < fromMs
 */
export function samplePass(sat: Satellite, observer: Observer, fromMs: number, toMs: number, stepMs: number): PassSamples {
  if (!(stepMs > 0)) throw new RangeError(`sample step must be > 0 ms, got ${stepMs}`);
  if (!(toMs >= fromMs)) throw new RangeError(`sample end ${toMs} is before its start ${fromMs}`);
  const out: PassSamples = { tMs: [], elevationDeg: [], azimuthDeg: [], rangeKm: [] };
  const state = new Float64Array(6);
  const push = (t: number): void => {
    const look = observer.lookAngles(sat.stateEcf(t, state));
    out.tMs.push(t);
    out.elevationDeg.push(look.elevationDeg);
    out.azimuthDeg.push(look.azimuthDeg);
    out.rangeKm.push(look.rangeKm);
  };
  for (let t = fromMs; t < toMs; t += stepMs) push(t);
  push(toMs);
  return out;
}

/** Range and elevation at an instant, for link models. */
export interface RangeElevation {
  rangeKm: number;
  elevationDeg: number;
}

/**
 * Node spacing of {@link passGeometry}, ms. At 60 s the Hermite error bound for a 500 km LEO is
 * (w h)^4 / 384 r = 0.36 m (hermite.ts): a relative range error below 1e-6, far below what link
 * budgets resolve. Tested against direct SGP4.
 */
export const GEOMETRY_NODE_MS = 60_000;

/**
 * Node spacing of the default (Gauss-Legendre) pass-key integration of deep-space sets, with cubic
 * nodes (near-Earth sets use quintic nodes, KEY_QUINTIC_NODE_MS), ms. At 120 s the bound is
 * (w h)^4 / 384 r = 5.6 m for a 500 km LEO (w h = 0.133): a relative range error below 1.2e-5 at the
 * >= 480 km of any slant range, 1e-4 dB of loss. The finite key amplifies it (it is a difference of
 * large counts): measured on the passes of test/links/pass-key-accuracy.test.ts, the worst secret
 * key moved from 0.026 % to 0.074 % off the fine reference, far inside the 0.5 % the fast
 * integration may differ by, for a third fewer SGP4 calls per pass than 60 s. The fine reference
 * integration keeps GEOMETRY_NODE_MS.
 */
export const KEY_GEOMETRY_NODE_MS = 120_000;

/**
 * Node spacing of the default pass-key integration with quintic Hermite nodes (near-Earth sets), ms.
 * The quintic's bound (w h)^6 r / 46080 is 0.2 m for a 500 km LEO at 300 s (w h = 0.33), plus the
 * acceleration model's 1e-7 km/s^2 (gravity.ts): measured 0.43 m on the Micius reference pass
 * (test/orbit/track.test.ts), a relative range error below 1e-6 and ten times smaller than the
 * cubic's at 120 s, with two or three SGP4 calls for a whole key window.
 * Measured on the passes of test/links/pass-key-accuracy.test.ts: the worst secret key 0.025 % off
 * the fine reference (0.074 % with cubic 120 s nodes).
 */
export const KEY_QUINTIC_NODE_MS = 300_000;

/**
 * A geometry function over [fromMs, toMs] for integrating link rates: SGP4 at nodes every
 * nodeMs (and at toMs), Hermite interpolation in between: cubic, or quintic with the accelerations
 * of gravity.ts at the nodes (near-Earth sets only). Outside the interval it clamps to the ends.
 * The returned object is reused between calls (read it before the next call).
 */
export function passGeometry(
  sat: Satellite,
  observer: Observer,
  fromMs: number,
  toMs: number,
  nodeMs = GEOMETRY_NODE_MS,
  order: 'cubic' | 'quintic' = 'cubic',
): (utcMs: number) => RangeElevation {
  return new PassTrack(sat, observer).prepare(fromMs, toMs, nodeMs, order);
}

/**
 * {@link passGeometry} for one satellite and station, pass after pass, with its buffers kept: a
 * key integration makes one geometry per pass, and a constellation hundreds of thousands. Each
 * prepare() returns the same function, now over the new interval (the previous one is invalid).
 */
export class PassTrack {
  private states = new Float64Array(0);
  private accs = new Float64Array(0);
  private readonly st = new Float64Array(6);
  private readonly acc = new Float64Array(3);
  private cubic: HermiteSegment | null = null;
  private quintic: QuinticHermiteSegment | null = null;
  private useQuintic = false;
  private fromMs = 0;
  private toMs = 0;
  private nodeMs = 1;
  private n = 0;
  private current = -1;
  private readonly result: RangeElevation = { rangeKm: 0, elevationDeg: 0 };
  private readonly fn: (utcMs: number) => RangeElevation;

  constructor(
    private readonly sat: Satellite,
    private readonly observer: Observer,
  ) {
    this.fn = (utcMs) => this.at(utcMs);
  }

  /** SGP4 at the nodes of [fromMs, toMs] (see passGeometry); returns the geometry function. */
  prepare(fromMs: number, toMs: number, nodeMs = GEOMETRY_NODE_MS, order: 'cubic' | 'quintic' = 'cubic'): (utcMs: number) => RangeElevation {
    // Node k is at fromMs + k nodeMs, the last at toMs; all states in one array.
    const n = Math.max(1, Math.ceil((toMs - fromMs) / nodeMs)) + (toMs > fromMs ? 1 : 0);
    this.fromMs = fromMs;
    this.toMs = toMs;
    this.nodeMs = nodeMs;
    this.n = n;
    this.current = -1;
    this.useQuintic = order === 'quintic';
    if (this.states.length < 6 * n) this.states = new Float64Array(6 * n);
    if (this.useQuintic && this.accs.length < 3 * n) this.accs = new Float64Array(3 * n);
    const { st, acc } = this;
    for (let k = 0; k < n; k++) {
      this.states.set(this.sat.stateEcf(this.timeAt(k), st), 6 * k);
      if (this.useQuintic) this.accs.set(accelerationEcf(st, acc), 3 * k);
    }
    if (this.useQuintic) this.quintic ??= new QuinticHermiteSegment();
    else this.cubic ??= new HermiteSegment();
    return this.fn;
  }

  private timeAt(k: number): number {
    return k === this.n - 1 ? this.toMs : this.fromMs + k * this.nodeMs;
  }

  private at(utcMs: number): RangeElevation {
    const { st, observer, result, fromMs, toMs, nodeMs, n, states } = this;
    const t = Math.min(toMs, Math.max(fromMs, utcMs));
    if (n === 1) {
      for (let j = 0; j < 6; j++) st[j] = states[j]!;
    } else {
      const i = Math.min(n - 2, Math.max(0, Math.floor((t - fromMs) / nodeMs)));
      if (i !== this.current) {
        if (this.useQuintic) this.quintic!.reset(this.timeAt(i), states, this.accs, this.timeAt(i + 1), states, this.accs, 6 * i, 6 * (i + 1), 3 * i, 3 * (i + 1));
        else this.cubic!.reset(this.timeAt(i), states, this.timeAt(i + 1), states, 6 * i, 6 * (i + 1));
        this.current = i;
      }
      if (this.useQuintic) this.quintic!.positionAt(t, st);
      else this.cubic!.positionAt(t, st);
    }
    // Range and elevation only (no azimuth): this runs for every integration point of every pass.
    const rx = st[0]! - observer.xKm;
    const ry = st[1]! - observer.yKm;
    const rz = st[2]! - observer.zKm;
    const rho = Math.sqrt(rx * rx + ry * ry + rz * rz);
    result.rangeKm = rho;
    result.elevationDeg = (Math.asin((rx * observer.ux + ry * observer.uy + rz * observer.uz) / rho) * 180) / Math.PI;
    return result;
  }
}
