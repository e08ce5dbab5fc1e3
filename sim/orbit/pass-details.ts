/**
 * What a pass looks like once found: culmination, azimuths, range, the Sun, and the key window
 * (the part of the pass above the key mask and in darkness, where an optical link can work).
 * @module
 */
import type { Observer } from './look.js';
import type { Satellite } from './propagate.js';
import { brentRoot, newtonRoot } from './search.js';
import { isSunlit, type SunEphemeris } from './sun.js';

const DEG = Math.PI / 180;

/** Options shared by the pass search and the pass description. */
export interface PassDetailOptions {
  /** Elevation mask that defines a pass, degrees (default 10). */
  readonly minElevationDeg?: number;
  /** Elevation above which key can be made, degrees (default: the pass mask). */
  readonly keyMaskDeg?: number;
  /** Night means the Sun's centre is below this elevation, degrees (default -12, nautical dusk). */
  readonly sunMaxElevationDeg?: number;
  /** Sun ephemeris cache to share between searches. */
  readonly sun?: SunEphemeris;
  /** Refinement tolerance, ms (default 1). */
  readonly toleranceMs?: number;
}

/** A pass as the scan finds it, before it is described. */
export interface RawPass {
  readonly setIndex: number;
  readonly riseMs: number;
  readonly riseClipped: boolean;
  readonly setMs: number;
  readonly setClipped: boolean;
  /** Times of local elevation maxima above the mask inside the pass. */
  readonly maximaMs: readonly number[];
  /** Clipped edges, which may hold the highest elevation inside the window. */
  readonly edgeCandidatesMs: readonly number[];
  /** States the scan already has (saves SGP4 calls): at each maximum, rise and set. */
  readonly maximaStates?: readonly (readonly number[])[];
  readonly riseState?: readonly number[] | undefined;
  readonly setState?: readonly number[] | undefined;
}

/** A time interval [startMs, endMs), Unix ms. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** One pass of a satellite over a station. Times are Unix ms, rounded to whole milliseconds. */
export interface Pass {
  readonly satellite: string;
  readonly catalogNumber: string;
  readonly station: string;
  /** First instant above the mask (the window start when `riseClipped`). */
  readonly riseMs: number;
  /** Instant of the highest elevation inside the window. */
  readonly culminationMs: number;
  /** Last instant above the mask (the window end when `setClipped`). */
  readonly setMs: number;
  readonly riseClipped: boolean;
  readonly setClipped: boolean;
  /** Every local elevation maximum inside the pass (two for some eccentric orbits). */
  readonly culminationsMs: readonly number[];
  /** Geometric elevation at culmination, degrees. */
  readonly maxElevationDeg: number;
  readonly rangeAtCulminationKm: number;
  readonly riseAzimuthDeg: number;
  readonly setAzimuthDeg: number;
  readonly durationS: number;
  /** Elevation of the Sun's centre at the station at culmination, degrees. */
  readonly sunElevationAtCulminationDeg: number;
  /** Sun below the night threshold at culmination. */
  readonly night: boolean;
  /** The satellite sees the Sun's centre at culmination. */
  readonly satelliteSunlit: boolean;
  /** Longest part of the pass above the key mask with the Sun below the night threshold, or null. */
  readonly keyWindow: Interval | null;
  /** Epoch of the element set used at culmination, Unix ms. */
  readonly tleEpochMs: number;
}

/** Counters shared with the search (only SGP4 calls are counted here). */
interface Counter {
  sgp4Calls: number;
}

/** Step for sampling the Sun's elevation inside a pass: it moves at most 0.25 deg a minute. */
const SUN_STEP_MS = 60_000;

/**
 * Describes the raw passes of one satellite over one station: culmination, look angles, Sun, key
 * window. Built once per satellite-station pair; its buffers and functions are reused per pass.
 */
export class PassDescriber {
  private readonly state = new Float64Array(6);
  private readonly sunKm = new Float64Array(3);
  private readonly derivative = new Float64Array(1);
  private readonly maskDeg: number;
  private readonly keyMaskDeg: number;
  private readonly sinKey: number;
  private readonly sunMaxDeg: number;
  private readonly tol: number;

  constructor(
    private readonly sat: Satellite,
    private readonly observer: Observer,
    private readonly sun: SunEphemeris,
    options: PassDetailOptions,
    private readonly stats: Counter,
  ) {
    this.maskDeg = options.minElevationDeg ?? 10;
    this.keyMaskDeg = options.keyMaskDeg ?? this.maskDeg;
    this.sinKey = Math.sin(this.keyMaskDeg * DEG);
    this.sunMaxDeg = options.sunMaxElevationDeg ?? -12;
    this.tol = options.toleranceMs ?? 1;
  }

  private at(t: number): Float64Array {
    this.stats.sgp4Calls++;
    return this.sat.stateEcf(t, this.state);
  }

  /** sin(el) - sin(key mask), derivative per ms in out[0]. */
  private readonly gKey = (t: number, out: Float64Array): number => {
    const st = this.at(t);
    out[0] = this.observer.sinElevationRate(st) / 1000;
    return this.observer.sinElevation(st) - this.sinKey;
  };

  /** Describes one raw pass. */
  describe(raw: RawPass): Pass {
    const { observer, sat } = this;
    // Culmination: the highest of the interior maxima and the clipped edges.
    const candidates = raw.edgeCandidatesMs.length > 0 ? [...raw.maximaMs, ...raw.edgeCandidatesMs] : raw.maximaMs;
    let culminationMs = candidates[0] ?? raw.riseMs;
    if (candidates.length > 1) {
      let best = -Infinity;
      for (const t of candidates) {
        const s = observer.sinElevation(this.at(t));
        if (s > best) {
          best = s;
          culminationMs = t;
        }
      }
    }
    const known = raw.maximaStates?.[raw.maximaMs.indexOf(culminationMs)];
    const culmState = known ?? this.at(culminationMs);
    const culm = observer.lookAngles(culmState);
    const sunlit = isSunlit(culmState, this.sun.positionEcf(culminationMs, this.sunKm));
    const sunElevationDeg = this.sun.elevationDeg(observer, culminationMs);
    // Rise and set azimuths from the states the polish carried to those instants (pass-scan.ts).
    const riseAz = observer.lookAngles(raw.riseState ?? this.at(raw.riseMs)).azimuthDeg;
    const setAz = observer.lookAngles(raw.setState ?? this.at(raw.setMs)).azimuthDeg;
    return {
      satellite: sat.name,
      catalogNumber: sat.catalogNumber,
      station: observer.station.id,
      riseMs: Math.round(raw.riseMs),
      culminationMs: Math.round(culminationMs),
      setMs: Math.round(raw.setMs),
      riseClipped: raw.riseClipped,
      setClipped: raw.setClipped,
      culminationsMs: raw.maximaMs.map(Math.round),
      maxElevationDeg: culm.elevationDeg,
      rangeAtCulminationKm: culm.rangeKm,
      riseAzimuthDeg: riseAz,
      setAzimuthDeg: setAz,
      durationS: (Math.round(raw.setMs) - Math.round(raw.riseMs)) / 1000,
      sunElevationAtCulminationDeg: sunElevationDeg,
      night: sunElevationDeg < this.sunMaxDeg,
      satelliteSunlit: sunlit,
      keyWindow: this.keyWindow(raw, culm.elevationDeg),
      tleEpochMs: sat.sets[sat.setIndexAt(culminationMs)]!.epochUtcMs,
    };
  }

  /** Longest part of the pass above the key mask with the Sun below the night threshold. */
  private keyWindow(raw: RawPass, maxElevationDeg: number): Interval | null {
    let start = raw.riseMs;
    let end = raw.setMs;
    // Cheap first: in daylight for the whole pass, no part of it is a key window, whatever the key
    // mask (the key-mask crossings below cost SGP4 calls; most passes of a constellation are in daylight).
    if (sunThroughout(this.observer, start, end, this.sunMaxDeg, this.sun) === 'light') return null;
    if (this.keyMaskDeg > this.maskDeg) {
      if (maxElevationDeg < this.keyMaskDeg) return null;
      const d = this.derivative;
      const peaks = [...raw.maximaMs, ...raw.edgeCandidatesMs].filter((t) => this.gKey(t, d) >= 0).sort((a, b) => a - b);
      if (peaks.length === 0) return null;
      const first = peaks[0]!;
      const last = peaks[peaks.length - 1]!;
      const gRise = this.gKey(start, d);
      if (gRise < 0) start = newtonRoot(this.gKey, start, first, gRise, this.gKey(first, d), this.tol);
      const gSet = this.gKey(end, d);
      if (gSet < 0) end = newtonRoot(this.gKey, last, end, this.gKey(last, d), gSet, this.tol);
    }
    const dark = longestDarkInterval(this.observer, start, end, this.sunMaxDeg, this.sun, this.tol);
    return dark && dark.endMs > dark.startMs ? { startMs: Math.round(dark.startMs), endMs: Math.round(dark.endMs) } : null;
  }
}

/** Fastest change of the Sun's elevation anywhere, deg/ms (0.25 deg per minute, Earth's rotation). */
const SUN_MAX_RATE_DEG_PER_MS = 0.25 / 60_000;

/**
 * The side of `sunMaxDeg` the Sun stays on at the station throughout [startMs, endMs] when one
 * evaluation decides it (it is farther from the threshold than it can move over the span): 'dark'
 * below, 'light' above; null when it may cross. A span decided 'light' has no dark sub-interval.
 */
function sunThroughout(observer: Observer, startMs: number, endMs: number, sunMaxDeg: number, sun: SunEphemeris): 'dark' | 'light' | null {
  const fa = sun.elevationDeg(observer, startMs) - sunMaxDeg;
  if (!(Math.abs(fa) > SUN_MAX_RATE_DEG_PER_MS * (endMs - startMs))) return null;
  return fa < 0 ? 'dark' : 'light';
}

/** Longest sub-interval of [startMs, endMs] with the Sun below `sunMaxDeg` at the station. */
export function longestDarkInterval(observer: Observer, startMs: number, endMs: number, sunMaxDeg: number, sun: SunEphemeris, toleranceMs = 1): Interval | null {
  // Usually the Sun is far from the threshold for the whole pass: then one evaluation decides.
  const whole = sunThroughout(observer, startMs, endMs, sunMaxDeg, sun);
  if (whole !== null) return whole === 'dark' ? { startMs, endMs } : null;
  let fa = sun.elevationDeg(observer, startMs) - sunMaxDeg;
  let best: Interval | null = null;
  let openAt: number | null = fa < 0 ? startMs : null;
  let ta = startMs;
  while (ta < endMs) {
    const tb = Math.min(endMs, ta + SUN_STEP_MS);
    const fb = sun.elevationDeg(observer, tb) - sunMaxDeg;
    if (fa < 0 !== fb < 0) {
      const f = (t: number): number => sun.elevationDeg(observer, t) - sunMaxDeg;
      const tc = brentRoot(f, ta, tb, fa, fb, toleranceMs);
      if (fb < 0) openAt = tc;
      else if (openAt !== null) {
        if (!best || tc - openAt > best.endMs - best.startMs) best = { startMs: openAt, endMs: tc };
        openAt = null;
      }
    }
    ta = tb;
    fa = fb;
  }
  if (openAt !== null && (!best || endMs - openAt > best.endMs - best.startMs)) best = { startMs: openAt, endMs };
  return best;
}
