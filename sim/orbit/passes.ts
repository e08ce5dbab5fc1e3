/**
 * Pass windows: when each satellite is above a station's elevation mask, found by scanning and
 * root-finding rather than by sampling every second (the scan is in pass-scan.ts).
 *
 *        el |          .-*-.              * culmination: derivative + -> -
 *      mask |---------/-----\-----        rise / set: el - mask changes sign
 *           |   o    o   o   o    o       o samples (skipped entirely while far away)
 *
 * Far from every station the scan jumps ahead by a Lipschitz bound on the satellite's angular
 * motion; near a station it samples every tenth of the period (a twentieth, as Skyfield's find_events,
 * for eccentric orbits) and brackets
 * maxima by the sign of d sin(el)/dt, so a pass shorter than the step is still found. Times are
 * refined to `toleranceMs` (1 ms by default).
 * @module
 */
import type { Observer } from './look.js';
import type { Satellite } from './propagate.js';
import { SegmentScanner, type RawEvent } from './pass-scan.js';
import { PassDescriber, type Pass, type PassDetailOptions, type RawPass } from './pass-details.js';
import { SunEphemeris } from './sun.js';

export type { Pass } from './pass-details.js';

/** Options for {@link findPasses}. */
export interface PassSearchOptions extends PassDetailOptions {
  /** Elevation mask that defines a pass, degrees (default 10). */
  readonly minElevationDeg?: number;
  /** Refinement tolerance for rise, culmination and set, ms (default 1). */
  readonly toleranceMs?: number;
  /** Largest scan step near a station, ms (default 600 s; the step is at most a tenth of the period). */
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
  const passes: Pass[] = [];
  for (const sat of satellites) {
    const perStation: RawPass[][] = observers.map(() => []);
    for (const seg of sat.segments(startMs, endMs)) {
      const scanner = new SegmentScanner(sat, seg.setIndex, observers, options.minElevationDeg ?? 10, options.toleranceMs ?? 1, options.maxStepMs ?? 600_000, stats);
      scanner.scan(seg.startMs, seg.endMs).forEach((list, s) => appendMerging(perStation[s]!, assemble(list, seg.setIndex, stats)));
    }
    perStation.forEach((list, s) => {
      const describer = new PassDescriber(sat, observers[s]!, sun, options, stats);
      for (const raw of list) passes.push(describer.describe(raw));
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
      maximaStates: [...(last.maximaStates ?? []), ...(first.maximaStates ?? [])],
      riseState: last.riseState,
      setState: first.setState,
    };
    into.push(...next.slice(1));
  } else {
    into.push(...next);
  }
}

/** Turns a station's rise / max / set events (in time order) into raw passes. */
function assemble(list: readonly RawEvent[], setIndex: number, stats: PassSearchStats): RawPass[] {
  const out: RawPass[] = [];
  let open: { rise: RawEvent; maxima: RawEvent[] } | undefined;
  for (const ev of list) {
    if (ev.kind === 'rise') {
      if (open) stats.anomalies++;
      else open = { rise: ev, maxima: [] };
    } else if (ev.kind === 'max') {
      if (open) open.maxima.push(ev);
      else stats.anomalies++;
    } else if (open) {
      const { rise, maxima } = open;
      const edges: number[] = [];
      if (rise.clipped) edges.push(rise.tMs);
      if (ev.clipped) edges.push(ev.tMs);
      out.push({
        setIndex,
        riseMs: rise.tMs,
        riseClipped: rise.clipped,
        setMs: ev.tMs,
        setClipped: ev.clipped,
        maximaMs: maxima.map((m) => m.tMs),
        edgeCandidatesMs: edges,
        maximaStates: maxima.map((m) => m.state!),
        riseState: rise.state,
        setState: ev.state,
      });
      open = undefined;
    } else {
      stats.anomalies++;
    }
  }
  if (open) stats.anomalies++;
  return out;
}
