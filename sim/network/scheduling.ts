/**
 * One satellite, one station at a time: passes of the same satellite whose key windows overlap form
 * a conflict cluster, and the satellite's policy picks which of them it serves (whole passes; the
 * others are reported as not scheduled). Policies, applied greedily in their order of preference,
 * each pick skipping passes that overlap one already picked:
 *   highest-elevation  highest culmination first (the most key; the default)
 *   first-come         earliest key window first
 *   lowest-key         the station whose on-board store holds least key at the cluster's start first
 * @module
 */
import type { SchedulingPolicy } from '../scenario/model.js';

/** A pass competing for its satellite. */
export interface Candidate {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly maxElevationDeg: number;
  readonly stationId: string;
}

/** Groups one satellite's candidates (any order) into clusters of overlapping key windows. */
export function conflictClusters(candidates: readonly Candidate[]): Candidate[][] {
  const sorted = [...candidates].sort((a, b) => a.startMs - b.startMs || a.index - b.index);
  const clusters: Candidate[][] = [];
  let end = -Infinity;
  for (const c of sorted) {
    if (c.startMs < end) {
      clusters[clusters.length - 1]!.push(c);
      end = Math.max(end, c.endMs);
    } else {
      clusters.push([c]);
      end = c.endMs;
    }
  }
  return clusters;
}

/**
 * The passes of a cluster the satellite serves.
 * @param storedBits on-board key for a station now (lowest-key only)
 */
export function choosePasses(cluster: readonly Candidate[], policy: SchedulingPolicy, storedBits: (stationId: string) => number): Set<number> {
  const order = [...cluster].sort((a, b) => {
    const byPolicy =
      policy === 'highest-elevation' ? b.maxElevationDeg - a.maxElevationDeg
      : policy === 'lowest-key' ? storedBits(a.stationId) - storedBits(b.stationId)
      : 0;
    return byPolicy || a.startMs - b.startMs || (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0) || a.index - b.index;
  });
  const picked: Candidate[] = [];
  for (const c of order) if (picked.every((p) => c.endMs <= p.startMs || c.startMs >= p.endMs)) picked.push(c);
  return new Set(picked.map((p) => p.index));
}
