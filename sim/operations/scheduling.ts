/**
 * One satellite, one station at a time, and one satellite per station at a time: two passes
 * conflict when their key windows overlap and they share the satellite (it points one telescope at
 * one station) or the station (one receive telescope tracks one satellite). Connected conflicts
 * form a cluster, and a policy picks whole passes greedily, each pick skipping passes that conflict
 * with one already picked (the others are reported as not scheduled):
 *   highest-elevation  highest culmination first (the most key; the default)
 *   first-come         earliest key window first
 *   lowest-key         the pass whose on-board store (its satellite's, for its station) holds least
 *                      key at the cluster's start first
 * A cluster uses its satellites' policy when they share one, else highest-elevation.
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
  readonly satelliteId: string;
}

/** Two passes that cannot both be served: overlapping windows on one satellite or one station. */
export function conflicts(a: Candidate, b: Candidate): boolean {
  return (a.satelliteId === b.satelliteId || a.stationId === b.stationId) && a.startMs < b.endMs && b.startMs < a.endMs;
}

/** Groups candidates (any order) into clusters of connected conflicts, each in time order. */
export function conflictClusters(candidates: readonly Candidate[]): Candidate[][] {
  const sorted = [...candidates].sort((a, b) => a.startMs - b.startMs || a.index - b.index);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // Windows are sorted by start: a later window can only overlap earlier ones still open.
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.startMs < sorted[i]!.endMs; j++) {
      if (conflicts(sorted[i]!, sorted[j]!)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, Candidate[]>();
  sorted.forEach((c, i) => {
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(c);
    else groups.set(root, [c]);
  });
  return [...groups.values()];
}

/**
 * The passes of a cluster that are served.
 * @param storedBits on-board key of a candidate's satellite for its station now (lowest-key only)
 */
export function choosePasses(cluster: readonly Candidate[], policy: SchedulingPolicy, storedBits: (c: Candidate) => number): Set<number> {
  const order = [...cluster].sort((a, b) => {
    const byPolicy =
      policy === 'highest-elevation' ? b.maxElevationDeg - a.maxElevationDeg
      : policy === 'lowest-key' ? storedBits(a) - storedBits(b)
      : 0;
    return byPolicy || a.startMs - b.startMs || (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0) || a.index - b.index;
  });
  const picked: Candidate[] = [];
  for (const c of order) if (picked.every((p) => !conflicts(c, p))) picked.push(c);
  return new Set(picked.map((p) => p.index));
}
