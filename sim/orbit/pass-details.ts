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

/** Describes a raw pass: culmination, look angles, Sun, key window. */
export function describePass(sat: Satellite, observer: Observer, raw: RawPass, options: PassDetailOptions & { sun: SunEphemeris }, stats: Counter): Pass {
  const state = new Float64Array(6);
  const at = (t: number): Float64Array => {
    stats.sgp4Calls++;
    return sat.stateEcf(t, state);
  };
  // Culmination: the highest of the interior maxima and the clipped edges.
  const candidates = [...raw.maximaMs, ...raw.edgeCandidatesMs];
  let culminationMs = candidates[0] ?? raw.riseMs;
  if (candidates.length > 1) {
    let best = -Infinity;
    for (const t of candidates) {
      const s = observer.sinElevation(at(t));
      if (s > best) {
        best = s;
        culminationMs = t;
      }
    }
  }
  const culmState = at(culminationMs);
  const culm = observer.lookAngles(culmState);
  const sunAtCulm = options.sun.positionEcf(culminationMs);
  const sunlit = isSunlit(culmState, sunAtCulm);
  const sunElevationDeg = options.sun.elevationDeg(observer, culminationMs);
  const riseAz = observer.lookAngles(at(raw.riseMs)).azimuthDeg;
  const setAz = observer.lookAngles(at(raw.setMs)).azimuthDeg;
  const sunMax = options.sunMaxElevationDeg ?? -12;
  const keyWindow = findKeyWindow(sat, observer, raw, culm.elevationDeg, options, at);
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
    night: sunElevationDeg < sunMax,
    satelliteSunlit: sunlit,
    keyWindow,
    tleEpochMs: sat.sets[sat.setIndexAt(culminationMs)]!.epochUtcMs,
  };
}

/** Step for sampling the Sun's elevation inside a pass: it moves at most 0.25 deg a minute. */
const SUN_STEP_MS = 60_000;

function findKeyWindow(
  sat: Satellite,
  observer: Observer,
  raw: RawPass,
  maxElevationDeg: number,
  options: PassDetailOptions & { sun: SunEphemeris },
  at: (t: number) => Float64Array,
): Interval | null {
  const maskDeg = options.minElevationDeg ?? 10;
  const keyMaskDeg = options.keyMaskDeg ?? maskDeg;
  const tol = options.toleranceMs ?? 1;
  let start = raw.riseMs;
  let end = raw.setMs;
  if (keyMaskDeg > maskDeg) {
    if (maxElevationDeg < keyMaskDeg) return null;
    const sinKey = Math.sin(keyMaskDeg * DEG);
    const g = (t: number, out: Float64Array): number => {
      const st = at(t);
      out[0] = observer.sinElevationRate(st) / 1000;
      return observer.sinElevation(st) - sinKey;
    };
    const tmp = new Float64Array(1);
    const peaks = [...raw.maximaMs, ...raw.edgeCandidatesMs].filter((t) => g(t, tmp) >= 0).sort((a, b) => a - b);
    if (peaks.length === 0) return null;
    const first = peaks[0]!;
    const last = peaks[peaks.length - 1]!;
    const gRise = g(start, tmp);
    if (gRise < 0) start = newtonRoot(g, start, first, gRise, g(first, tmp), tol);
    const gSet = g(end, tmp);
    if (gSet < 0) end = newtonRoot(g, last, end, g(last, tmp), gSet, tol);
  }
  const dark = longestDarkInterval(observer, start, end, options.sunMaxElevationDeg ?? -12, options.sun, tol);
  return dark && dark.endMs > dark.startMs ? { startMs: Math.round(dark.startMs), endMs: Math.round(dark.endMs) } : null;
}

/** Longest sub-interval of [startMs, endMs] with the Sun below `sunMaxDeg` at the station. */
export function longestDarkInterval(observer: Observer, startMs: number, endMs: number, sunMaxDeg: number, sun: SunEphemeris, toleranceMs = 1): Interval | null {
  const f = (t: number): number => sun.elevationDeg(observer, t) - sunMaxDeg;
  let best: Interval | null = null;
  let openAt: number | null = null;
  let ta = startMs;
  let fa = f(ta);
  if (fa < 0) openAt = ta;
  while (ta < endMs) {
    const tb = Math.min(endMs, ta + SUN_STEP_MS);
    const fb = f(tb);
    if (fa < 0 !== fb < 0) {
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
