/**
 * conflictClusters and choosePasses against their definitions, written out plainly here as the
 * oracle: two passes conflict when their windows overlap (a.start < b.end and b.start < a.end) on
 * one satellite or one station; clusters are the connected components of that relation (found here
 * by testing every pair); a policy picks greedily, skipping any pass that conflicts with one already
 * picked (tested here against every picked pass). Random candidate sets from a seeded stream, dense
 * enough that clusters chain through satellites and stations.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams } from '../../sim/engine/index.js';
import { choosePasses, conflictClusters, conflicts, type Candidate } from '../../sim/operations/scheduling.js';
import type { SchedulingPolicy } from '../../sim/scenario/model.js';

function randomCandidates(seed: number, n: number, sats: number, stations: number, spanMs: number): Candidate[] {
  const rng = new RandomStreams(seed).stream('scheduling-test');
  return Array.from({ length: n }, (_, index) => {
    const startMs = rng.int(0, spanMs);
    return {
      index,
      startMs,
      endMs: startMs + rng.int(1, 600_000),
      // Ties on purpose: equal elevations and equal starts happen.
      maxElevationDeg: rng.int(10, 40),
      stationId: `s${rng.int(0, stations)}`,
      satelliteId: `w${rng.int(0, sats)}`,
    };
  });
}

/** Components by testing every pair, in the order of each component's first member by (start, index). */
function bruteClusters(cands: readonly Candidate[]): number[][] {
  const sorted = [...cands].sort((a, b) => a.startMs - b.startMs || a.index - b.index);
  const parent = sorted.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < sorted.length; i++) for (let j = i + 1; j < sorted.length; j++) if (conflicts(sorted[i]!, sorted[j]!)) parent[find(j)] = find(i);
  const groups = new Map<number, number[]>();
  sorted.forEach((c, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), c.index]));
  return [...groups.values()];
}

function brutePick(cluster: readonly Candidate[], policy: SchedulingPolicy, stored: (c: Candidate) => number): number[] {
  const order = [...cluster].sort((a, b) => {
    const byPolicy = policy === 'highest-elevation' ? b.maxElevationDeg - a.maxElevationDeg : policy === 'lowest-key' ? stored(a) - stored(b) : 0;
    return byPolicy || a.startMs - b.startMs || (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0) || a.index - b.index;
  });
  const picked: Candidate[] = [];
  for (const c of order) if (picked.every((p) => !conflicts(c, p))) picked.push(c);
  return picked.map((p) => p.index).sort((a, b) => a - b);
}

const test = suite('conflictClusters(candidates) and choosePasses(cluster, policy)');

test('clusters equal the connected components of the pairwise conflicts, in the same order', () => {
  for (const [seed, n, sats, stations, spanMs] of [[1, 300, 5, 4, 86_400_000], [2, 400, 30, 3, 21_600_000], [3, 250, 2, 20, 43_200_000], [4, 60, 3, 3, 3_600_000]] as const) {
    const cands = randomCandidates(seed, n, sats, stations, spanMs);
    const got = conflictClusters(cands).map((c) => c.map((x) => x.index));
    const want = bruteClusters(cands);
    assert.equal(got, want, `seed ${seed}`);
    // Each cluster is in time order, and the dense sets do chain: some clusters have many members.
    for (const c of conflictClusters(cands)) for (let i = 1; i < c.length; i++) assert.ok(c[i - 1]!.startMs <= c[i]!.startMs);
    if (seed === 4) assert.ok(Math.max(...want.map((c) => c.length)) > 10, 'a long chain');
  }
});

test('picks equal the greedy choice checked against every picked pass, for each policy', () => {
  for (const seed of [5, 6, 7]) {
    const cands = randomCandidates(seed, 300, 6, 5, 7_200_000);
    const stored = (c: Candidate): number => (c.index * 7919) % 1000;
    for (const policy of ['highest-elevation', 'first-come', 'lowest-key'] as const) {
      for (const cluster of conflictClusters(cands)) {
        const got = [...choosePasses(cluster, policy, stored)].sort((a, b) => a - b);
        assert.equal(got, brutePick(cluster, policy, stored), `seed ${seed} ${policy}`);
      }
    }
  }
});

test('windows that only touch do not conflict; one that spans two picked windows does', () => {
  const c = (index: number, startMs: number, endMs: number, el: number): Candidate => ({ index, startMs, endMs, maxElevationDeg: el, stationId: 'a', satelliteId: 'w' });
  const cluster = [c(0, 0, 10, 50), c(1, 10, 20, 40), c(2, 5, 15, 30)];
  assert.equal([...choosePasses(cluster, 'highest-elevation', () => 0)].sort(), [0, 1]);
  assert.equal(conflictClusters(cluster).map((g) => g.map((x) => x.index)), [[0, 2, 1]]);
  assert.equal(conflictClusters([c(0, 0, 10, 50), c(1, 10, 20, 40)]).map((g) => g.map((x) => x.index)), [[0], [1]]);
});

test.run();
