/**
 * One-off key requests: a bulk demand is one request; a Poisson demand makes many. A request is
 * served whole and at once (one-time-pad files need all their key), along a route whose every hop
 * holds at least its size; otherwise it waits until its deadline and is then dropped.
 * @module
 */
import type { Rng } from '../engine/index.js';
import type { ResolvedDemand } from '../scenario/model.js';
import type { SizeDoc } from '../scenario/schema.js';
import type { NetworkState } from './network.js';
import type { Router } from './router.js';
import { heapPop, heapPush } from './pair-heap.js';

/** A request waiting for key, served, or dropped. */
export interface KeyRequest {
  readonly demandIndex: number;
  /** Sequence number within its demand (0 for a bulk demand). */
  readonly seq: number;
  readonly bits: number;
  readonly arrivalMs: number;
  readonly deadlineMs: number;
  status: 'pending' | 'served' | 'dropped';
  servedMs: number | null;
  /** Route it was served over (nodes and links). */
  nodes: readonly string[] | null;
  links: readonly string[] | null;
  /** Why it was dropped. */
  reason: string | null;
}

/** Draws a request size from its distribution, whole bits >= 1. */
export function drawSize(size: SizeDoc, rng: Rng): number {
  switch (size.distribution) {
    case 'fixed':
      return size.bits;
    case 'exponential':
      return Math.max(1, Math.round(rng.exponential(size.meanBits)));
    case 'uniform':
      return rng.int(size.minBits, size.maxBits + 1);
  }
}

/** Mean of a size distribution, bits (for reports). */
export function meanSize(size: SizeDoc): number {
  switch (size.distribution) {
    case 'fixed':
      return size.bits;
    case 'exponential':
      return size.meanBits;
    case 'uniform':
      return (size.minBits + size.maxBits) / 2;
  }
}

/** Where waiting requests are served from: the network's pools and the router's routes. */
interface DeskContext {
  readonly net: NetworkState;
  readonly router: Router;
  readonly demands: readonly ResolvedDemand[];
}

/**
 * The one-off requests of a run: made, served whole along a route whose every hop holds their bits,
 * or dropped at their deadline.
 *
 * Many requests can wait at once (slow requests piling up), and the desk is asked after every event,
 * so nothing here looks at every waiting request with more than a comparison: deadlines come from a
 * heap; the earliest a request can be served is found per demand, from its smallest waiting request
 * (a route holding b bits holds every smaller amount); and a serving pass skips, without a route
 * search, every request of a demand at least as large as one of that demand that has just failed
 * (levels only fall between two takes, so it would fail too).
 */
export class RequestDesk {
  readonly requests: KeyRequest[] = [];
  /** Indices of the requests still waiting, in arrival order (served and dropped ones are removed lazily). */
  private pending: number[] = [];
  private waitingCount = 0;
  private readonly made: number[];
  /** Router epoch at which waiting requests last searched for a keyed route, and whether levels jumped since. */
  private searchedEpoch = -1;
  levelsJumped = false;
  /**
   * Requests that arrived since the last serving pass get one search of their own: those from this
   * index on (requests are numbered in arrival order).
   */
  private freshFrom = 0;
  /** [deadlineMs, request index] of waiting requests (lazy: entries of finished requests are skipped). */
  private readonly deadlines: [number, number][] = [];
  /** Per demand: [bits, request index] of its waiting requests, smallest first (lazy as above). */
  private readonly smallest: [number, number][][];
  private readonly failedBest: Float64Array;
  private readonly failedFull: Float64Array;

  constructor(private readonly ctx: DeskContext) {
    this.made = ctx.demands.map(() => 0);
    this.smallest = ctx.demands.map(() => []);
    this.failedBest = new Float64Array(ctx.demands.length).fill(Infinity);
    this.failedFull = new Float64Array(ctx.demands.length).fill(Infinity);
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /** Makes a request of `bits` for demand `demandIndex`, due by deadlineMs. */
  add(demandIndex: number, bits: number, nowMs: number, deadlineMs: number): void {
    const seq = this.made[demandIndex]!++;
    const index = this.requests.length;
    this.requests.push({ demandIndex, seq, bits, arrivalMs: nowMs, deadlineMs, status: 'pending', servedMs: null, nodes: null, links: null, reason: null });
    this.pending.push(index);
    this.waitingCount++;
    heapPush(this.deadlines, [deadlineMs, index]);
    heapPush(this.smallest[demandIndex]!, [bits, index]);
  }

  /**
   * Serves waiting requests in arrival order: along the best route if all its hops hold the bits,
   * else along the best route that does (searched only when the weights or a lump of key changed
   * since the last search, or for a new request: between those, levels only move along the best
   * routes' net rates, which the wake already tracks).
   */
  serve(nowMs: number): void {
    if (this.waitingCount === 0) return;
    const { router, net, demands } = this.ctx;
    const search = this.searchedEpoch !== router.epoch || this.levelsJumped;
    this.searchedEpoch = router.epoch;
    this.levelsJumped = false;
    // Per demand, the smallest bits that failed since the last take, for a check of the best route
    // alone and for a full one (best route, then a search): a request at least that large fails too.
    // (Reused buffers, Infinity where nothing failed; the demands set here are reset at the end.)
    const { failedBest, failedFull } = this;
    const failedDemands: number[] = [];
    const still: number[] = [];
    for (const index of this.pending) {
      const r = this.requests[index]!;
      if (r.status !== 'pending') continue;
      const full = search || index >= this.freshFrom;
      if (r.bits >= (full ? failedFull : failedBest)[r.demandIndex]!) {
        still.push(index);
        continue;
      }
      const d = demands[r.demandIndex]!;
      const best = router.best(d.from, d.to);
      const route = best && router.holds(best, r.bits) ? best : full ? router.withKey(d.from, d.to, r.bits) : null;
      if (!route) {
        const failed = full ? failedFull : failedBest;
        failed[r.demandIndex] = Math.min(failed[r.demandIndex]!, r.bits);
        failedDemands.push(r.demandIndex);
        still.push(index);
        continue;
      }
      for (const p of route.poolIdx) net.take(p, r.bits);
      r.status = 'served';
      r.servedMs = nowMs;
      r.nodes = route.nodes;
      r.links = route.links;
      this.waitingCount--;
      // Levels fell: what failed before this take fails still, and what passed may not pass again,
      // but no request is looked at twice in one pass, so the thresholds stay valid.
    }
    this.pending = still;
    this.freshFrom = this.requests.length;
    for (const k of failedDemands) failedBest[k] = failedFull[k] = Infinity;
  }

  /**
   * Drops every waiting request due by nowMs, naming why: no route, or the hop of the best route
   * holding least key. @param onDrop called once per dropped request
   */
  dropDue(nowMs: number, onDrop: () => void): void {
    const { router, net, demands } = this.ctx;
    let dropped = false;
    for (;;) {
      const top = this.deadlines[0];
      if (top === undefined || top[0] > nowMs) break;
      heapPop(this.deadlines);
      const r = this.requests[top[1]]!;
      if (r.status !== 'pending') continue;
      const d = demands[r.demandIndex]!;
      const route = router.best(d.from, d.to);
      let reason = `no route from ${d.from} to ${d.to}`;
      if (route) {
        let weakest = route.poolIdx[0]!;
        for (const p of route.poolIdx) if (net.pools[p]!.levelBits < net.pools[weakest]!.levelBits) weakest = p;
        reason = `short of key on link ${net.links[weakest]!.id}`;
      }
      this.drop(r, reason);
      this.waitingCount--;
      dropped = true;
      onDrop();
    }
    if (dropped) this.pending = this.pending.filter((i) => this.requests[i]!.status === 'pending');
  }

  /** Drops whatever still waits at the end of the run. */
  dropAll(reason: string): void {
    for (const index of this.pending) {
      const r = this.requests[index]!;
      if (r.status === 'pending') this.drop(r, reason);
    }
    this.pending = [];
    this.waitingCount = 0;
  }

  private drop(r: KeyRequest, reason: string): void {
    r.status = 'dropped';
    r.reason = reason;
  }

  /** The earliest deadline among the waiting requests (Infinity if none). */
  nextDeadlineMs(): number {
    for (;;) {
      const top = this.deadlines[0];
      if (top === undefined) return Infinity;
      if (this.requests[top[1]]!.status === 'pending') return top[0];
      heapPop(this.deadlines);
    }
  }

  /**
   * The earliest instant a waiting request's best route holds its bits at the current rates: per
   * demand, that of its smallest waiting request (every pool holding b bits holds less).
   */
  nextServableMs(): number {
    const { router, net, demands } = this.ctx;
    let next = Infinity;
    this.smallest.forEach((heap, demandIndex) => {
      for (;;) {
        const top = heap[0];
        if (top === undefined) return;
        if (this.requests[top[1]]!.status === 'pending') break;
        heapPop(heap);
      }
      const d = demands[demandIndex]!;
      const route = router.best(d.from, d.to);
      if (route) next = Math.min(next, net.timeUntilAllHold(route.poolIdx, heap[0]![0]));
    });
    return next;
  }

  /** The requests of each demand, for the results. */
  byDemand(): KeyRequest[][] {
    const out: KeyRequest[][] = this.ctx.demands.map(() => []);
    for (const r of this.requests) out[r.demandIndex]!.push(r);
    return out;
  }
}
