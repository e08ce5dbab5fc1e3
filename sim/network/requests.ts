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
 */
export class RequestDesk {
  readonly requests: KeyRequest[] = [];
  /** Indices of the requests still waiting, in arrival order. */
  private pending: number[] = [];
  private readonly made: number[];
  /** Router epoch at which waiting requests last searched for a keyed route, and whether levels jumped since. */
  private searchedEpoch = -1;
  levelsJumped = false;
  /** Requests that arrived since the last search get one search of their own. */
  private readonly fresh = new Set<number>();

  constructor(private readonly ctx: DeskContext) {
    this.made = ctx.demands.map(() => 0);
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** Makes a request of `bits` for demand `demandIndex`, due by deadlineMs. */
  add(demandIndex: number, bits: number, nowMs: number, deadlineMs: number): void {
    const seq = this.made[demandIndex]!++;
    const index = this.requests.length;
    this.requests.push({ demandIndex, seq, bits, arrivalMs: nowMs, deadlineMs, status: 'pending', servedMs: null, nodes: null, links: null, reason: null });
    this.pending.push(index);
    this.fresh.add(index);
  }

  /**
   * Serves waiting requests in arrival order: along the best route if all its hops hold the bits,
   * else along the best route that does (searched only when the weights or a lump of key changed
   * since the last search, or for a new request: between those, levels only move along the best
   * routes' net rates, which the wake already tracks).
   */
  serve(nowMs: number): void {
    if (this.pending.length === 0) return;
    const { router, net, demands } = this.ctx;
    const search = this.searchedEpoch !== router.epoch || this.levelsJumped;
    this.searchedEpoch = router.epoch;
    this.levelsJumped = false;
    const still: number[] = [];
    for (const index of this.pending) {
      const r = this.requests[index]!;
      const d = demands[r.demandIndex]!;
      const best = router.best(d.from, d.to);
      const route = best && router.holds(best, r.bits) ? best : search || this.fresh.has(index) ? router.withKey(d.from, d.to, r.bits) : null;
      if (!route) {
        still.push(index);
        continue;
      }
      for (const p of route.poolIdx) net.take(p, r.bits);
      r.status = 'served';
      r.servedMs = nowMs;
      r.nodes = route.nodes;
      r.links = route.links;
    }
    this.pending = still;
    this.fresh.clear();
  }

  /**
   * Drops every waiting request due by nowMs, naming why: no route, or the hop of the best route
   * holding least key. @param onDrop called once per dropped request
   */
  dropDue(nowMs: number, onDrop: () => void): void {
    const { router, net, demands } = this.ctx;
    const still: number[] = [];
    for (const index of this.pending) {
      const r = this.requests[index]!;
      if (r.deadlineMs > nowMs) {
        still.push(index);
        continue;
      }
      const d = demands[r.demandIndex]!;
      const route = router.best(d.from, d.to);
      let reason = `no route from ${d.from} to ${d.to}`;
      if (route) {
        let weakest = route.poolIdx[0]!;
        for (const p of route.poolIdx) if (net.pools[p]!.levelBits < net.pools[weakest]!.levelBits) weakest = p;
        reason = `short of key on link ${net.links[weakest]!.id}`;
      }
      this.drop(r, reason);
      onDrop();
    }
    this.pending = still;
  }

  /** Drops whatever still waits at the end of the run. */
  dropAll(reason: string): void {
    for (const index of this.pending) this.drop(this.requests[index]!, reason);
    this.pending = [];
  }

  private drop(r: KeyRequest, reason: string): void {
    r.status = 'dropped';
    r.reason = reason;
  }

  /** The earliest deadline among the waiting requests (Infinity if none). */
  nextDeadlineMs(): number {
    let due = Infinity;
    for (const i of this.pending) due = Math.min(due, this.requests[i]!.deadlineMs);
    return due;
  }

  /** The earliest instant a waiting request's best route holds its bits at the current rates. */
  nextServableMs(): number {
    const { router, net, demands } = this.ctx;
    let next = Infinity;
    for (const index of this.pending) {
      const r = this.requests[index]!;
      const d = demands[r.demandIndex]!;
      const route = router.best(d.from, d.to);
      if (route) next = Math.min(next, net.timeUntilAllHold(route.poolIdx, r.bits));
    }
    return next;
  }

  /** The requests of each demand, for the results. */
  byDemand(): KeyRequest[][] {
    const out: KeyRequest[][] = this.ctx.demands.map(() => []);
    for (const r of this.requests) out[r.demandIndex]!.push(r);
    return out;
  }
}
