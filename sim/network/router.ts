/**
 * Route choice for flows and requests, with key-aware hop weights:
 *   weight = 1 + 0.25 (1 - level / capacity) [+ warningPenalty in WARNING] [+ emptyPenalty when EMPTY]
 * so routes prefer fewer hops, then fuller pools, and avoid pools running low or dry. A failed link,
 * and a satellite link whose store is empty, cannot be used at all. Weights are taken as a snapshot
 * whenever any pool changes state (or a link goes up or down) and stay fixed until the next change,
 * so routes are recomputed only then and cached in between.
 * @module
 */
import type { NetworkState } from './network.js';
import type { Route, RoutingGraph } from './routing.js';

/** Routing settings of a scenario. */
export interface RoutingSettings {
  readonly policy: 'key-aware' | 'hops';
  readonly warningPenalty: number;
  readonly emptyPenalty: number;
}

/** A link that is down, beside the pool state codes 0-2 (KeyPool.stateCode). */
const DOWN = 3;

/** Routes over the network under the current weight snapshot. */
export class Router {
  private weights: (number | null)[] = [];
  /** Per pool at the snapshot: its state code (KeyPool.stateCode), or DOWN when its link is down. */
  private states = new Int8Array(0);
  private cache = new Map<string, Map<string, Route | null>>();
  /** Increases at every snapshot that changed something; callers use it to know routes may differ. */
  epoch = 0;

  constructor(
    private readonly graph: RoutingGraph,
    private readonly net: NetworkState,
    private readonly settings: RoutingSettings,
  ) {
    this.refresh(true);
  }

  /** Pools whose level changed since the last snapshot (their weights are stale): a flag per pool and a list. */
  private staleFlag = new Uint8Array(0);
  private stale: number[] = [];

  /**
   * Takes a new weight snapshot if any pool changed state or any link went up or down. @returns true
   * if it did. Only pools the network marked changed are looked at (NetworkState.markChanged: a new
   * state, a take, a lump, an expiry, a link up or down), and a snapshot recomputes the weights of
   * the pools whose level moved since the last one (those marked, and those generation and flows
   * moved: NetworkState.takeMoved): the others' weights are what a full recomputation would give
   * again. So a re-plan costs the pools that changed state, not all the links.
   */
  refresh(force = false): boolean {
    const changed = this.net.takeChanged();
    if (force) {
      this.states = Int8Array.from(this.net.links, (l, i) => (l.up ? this.net.pools[i]!.stateCode : DOWN));
      this.weights = this.net.links.map((_, i) => this.weightNow(i));
      this.staleFlag = new Uint8Array(this.net.links.length);
      this.stale = [];
      this.net.takeMoved();
      this.cache.clear();
      this.epoch++;
      return true;
    }
    let same = true;
    const { links, pools } = this.net;
    for (const i of changed) {
      if (!this.staleFlag[i]) {
        this.staleFlag[i] = 1;
        this.stale.push(i);
      }
      if (same && (links[i]!.up ? pools[i]!.stateCode : DOWN) !== this.states[i]) same = false;
    }
    if (same) return false;
    // The levels generation and flows moved are not marked one by one: the network lists the pools
    // they may have moved since the last snapshot.
    for (const i of this.net.takeMoved()) {
      if (!this.staleFlag[i]) {
        this.staleFlag[i] = 1;
        this.stale.push(i);
      }
    }
    for (const i of this.stale) {
      this.states[i] = links[i]!.up ? pools[i]!.stateCode : DOWN;
      this.weights[i] = this.weightNow(i);
      this.staleFlag[i] = 0;
    }
    this.stale = [];
    this.cache.clear();
    this.epoch++;
    return true;
  }

  private weightNow(i: number): number | null {
    const link = this.net.links[i]!;
    const pool = this.net.pools[i]!;
    if (!link.up) return null;
    // Satellite links exist only through stored key: the satellite relays from its store.
    if (link.kind === 'downlink' && pool.levelBits <= 0) return null;
    if (this.settings.policy === 'hops') return 1;
    let w = 1 + 0.25 * (1 - Math.min(1, pool.levelBits / pool.capacityBits));
    if (pool.state === 'WARNING') w += this.settings.warningPenalty;
    if (pool.state === 'EMPTY') w += this.settings.emptyPenalty;
    return w;
  }

  /** The best route under the snapshot (cached until the next snapshot). */
  best(from: string, to: string): Route | null {
    let byTo = this.cache.get(from);
    if (!byTo) this.cache.set(from, (byTo = new Map()));
    const hit = byTo.get(to);
    if (hit !== undefined) return hit;
    const route = this.graph.route(from, to, (id) => this.weights[this.net.index.get(id)!]!);
    byTo.set(to, route);
    return route;
  }

  /** The best route whose every hop holds at least `bits` now (not cached: levels move). */
  withKey(from: string, to: string, bits: number): Route | null {
    return this.graph.route(from, to, (id) => {
      const i = this.net.index.get(id)!;
      return this.net.pools[i]!.levelBits >= bits ? this.weights[i]! : null;
    });
  }

  /** Cost of a route under the snapshot, or null if a hop is unusable. */
  cost(route: Route): number | null {
    let sum = 0;
    for (const p of route.poolIdx) {
      const w = this.weights[p]!;
      if (w === null) return null;
      sum += w;
    }
    return sum;
  }

  /** True if every hop of the route holds at least `bits` now. */
  holds(route: Route, bits: number): boolean {
    for (const p of route.poolIdx) if (this.net.pools[p]!.levelBits < bits) return false;
    return true;
  }
}
