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
  const parent = new Int32Array(sorted.length).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  // Conflicts are overlaps on one satellite or one station, so each satellite's and each station's
  // windows are swept in start order: a window that starts before the latest end seen so far on its
  // satellite (or station) overlaps the window with that end, and joins its cluster; one that
  // starts at or after it overlaps none of the earlier ones. That is the interval graph's
  // components, found in O(n log n) instead of by testing every pair that overlaps in time.
  // Keyed by the id strings themselves (no key text built per candidate: a constellation has
  // hundreds of thousands of candidates).
  const openSat = new Map<string, { pos: number; endMs: number }>();
  const openStation = new Map<string, { pos: number; endMs: number }>();
  const sweep = (open: Map<string, { pos: number; endMs: number }>, key: string, i: number, c: Candidate): void => {
    const last = open.get(key);
    if (last !== undefined && c.startMs < last.endMs) parent[find(i)] = find(last.pos);
    if (last === undefined || c.endMs > last.endMs) open.set(key, { pos: i, endMs: c.endMs });
  };
  sorted.forEach((c, i) => {
    sweep(openSat, c.satelliteId, i, c);
    sweep(openStation, c.stationId, i, c);
  });
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
 * The picked windows of one satellite or one station, as a set of ranks among that key's candidate
 * windows sorted by start (a Fenwick tree of counts: Fenwick, "A new data structure for cumulative
 * frequency tables", Software: Practice and Experience 24(3), 1994). Picked windows never overlap
 * each other, so the one with the latest start before a window's end is the only one that can
 * overlap it: a predecessor query, O(log n).
 */
class PickedWindows {
  private readonly tree: Int32Array;
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;

  /** @param windows this key's candidates, sorted by start */
  constructor(windows: readonly Candidate[]) {
    this.tree = new Int32Array(windows.length + 1);
    this.starts = Float64Array.from(windows, (w) => w.startMs);
    this.ends = Float64Array.from(windows, (w) => w.endMs);
  }

  /** Marks the window of rank r (0-based) as picked. */
  pick(r: number): void {
    for (let i = r + 1; i < this.tree.length; i += i & -i) this.tree[i]!++;
  }

  /** True when a picked window overlaps [startMs, endMs). */
  overlaps(startMs: number, endMs: number): boolean {
    // Ranks whose window starts before endMs: [0, k).
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! < endMs) lo = mid + 1;
      else hi = mid;
    }
    let count = 0;
    for (let i = lo; i > 0; i -= i & -i) count += this.tree[i]!;
    if (count === 0) return false;
    // The count-th picked rank: descend the tree (the Fenwick "find k-th" search).
    let pos = 0;
    let left = count;
    for (let step = 1 << (31 - Math.clz32(this.tree.length)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next]! < left) {
        pos = next;
        left -= this.tree[next]!;
      }
    }
    return this.ends[pos]! > startMs;
  }
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
  // Each candidate's rank among its satellite's and its station's windows, by start (candidates
  // named by their position in the cluster; the maps keyed by the id strings themselves).
  const position = new Map<Candidate, number>();
  cluster.forEach((c, k) => position.set(c, k));
  const group = (idOf: (c: Candidate) => string): { sets: Map<string, PickedWindows>; rank: Int32Array } => {
    const lists = new Map<string, Candidate[]>();
    for (const c of cluster) {
      const list = lists.get(idOf(c));
      if (list) list.push(c);
      else lists.set(idOf(c), [c]);
    }
    const sets = new Map<string, PickedWindows>();
    const rank = new Int32Array(cluster.length);
    for (const [id, list] of lists) {
      list.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs || a.index - b.index);
      sets.set(id, new PickedWindows(list));
      list.forEach((c, r) => (rank[position.get(c)!] = r));
    }
    return { sets, rank };
  };
  const bySat = group((c) => c.satelliteId);
  const byStation = group((c) => c.stationId);
  const picked = new Set<number>();
  for (const c of order) {
    const sat = bySat.sets.get(c.satelliteId)!;
    const station = byStation.sets.get(c.stationId)!;
    if (sat.overlaps(c.startMs, c.endMs) || station.overlaps(c.startMs, c.endMs)) continue;
    const k = position.get(c)!;
    sat.pick(bySat.rank[k]!);
    station.pick(byStation.rank[k]!);
    picked.add(c.index);
  }
  return picked;
}
