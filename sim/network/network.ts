/**
 * The network's key state between events: one pool per link, the generation rate of each link,
 * and the key flows of active constant demands along their routes. Between two events every rate
 * is constant, so levels move linearly and the next instant that matters (a pool running dry,
 * filling up, or crossing its warning level) is computed exactly instead of ticking every second.
 *
 * Accounting over an interval (advanceTo): each pool first accrues its generation (whole bits,
 * fraction carried); each flow then takes its whole bits from every pool on its route (the same
 * bits on every hop: one-time-pad forwarding), limited by what all hops hold; finally key above a
 * pool's capacity is discarded. Flows are visited in id order, so results are repeatable.
 * @module
 */
import { allocateRates } from './allocation.js';
import { KeyPool, type PoolConfig } from './key-pool.js';
import { heapPop, heapPush } from './pair-heap.js';

/** A link's static facts and its up/down status. */
export interface LinkState {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: 'fiber' | 'downlink';
  /** Continuous generation while up, bit/s (0 for downlinks: they get key per pass). */
  readonly generationBps: number;
  up: boolean;
}

/** A key stream along a route: the served part of a constant demand. */
export interface Flow {
  readonly id: string;
  readonly requestBps: number;
  /** Pool indices of the route's links (empty when there is no route). */
  poolIdx: number[];
  /** Allocated rate, bit/s (<= requestBps). */
  rateBps: number;
  /** Pool index holding the flow below its request, or -1. */
  bottleneck: number;
  /** Whole bits served so far and the fraction carried. */
  servedBits: number;
  carry: number;
  /** Served less than requested for this long in total, and the longest unbroken stretch, ms. */
  starvedMs: number;
  longestStarvedMs: number;
  runMs: number;
  /** Time starved per limiting link id (or '' for "no route"), ms: the reason when not served. */
  readonly starvedBy: Map<string, number>;
}

/** KeyPool.stateCode of a READY pool. */
const READY = 0;

/** Relative tolerance below which a rate difference counts as zero (floating-point noise). */
const RATE_EPS = 1e-9;
/**
 * A pool holding less than this (bits, continuous level) passes on only what it generates: whole-bit
 * rounding of generation and consumption leaves a bit or so behind, which must not let the flows
 * through a dry pool run at full rate for a few milliseconds.
 */
export const STOCK_THRESHOLD_BITS = 2;

/** Pools, links and flows; see the module comment. */
export class NetworkState {
  readonly pools: KeyPool[];
  readonly links: LinkState[];
  readonly index = new Map<string, number>();
  /** Active flows, kept sorted by id. */
  flows: Flow[] = [];
  nowMs = 0;

  /** Pools whose link generates key: the only ones whose level moves without a flow through them. */
  private readonly generating: readonly number[];

  constructor(links: readonly (Omit<LinkState, 'up'> & { pool: PoolConfig })[]) {
    this.links = links.map((l) => ({ id: l.id, from: l.from, to: l.to, kind: l.kind, generationBps: l.generationBps, up: true }));
    this.pools = links.map((l) => new KeyPool(l.id, l.pool));
    this.generating = this.links.flatMap((l, i) => (l.generationBps > 0 ? [i] : []));
    this.pools.forEach((_, i) => this.noteExpiry(i));
    this.changedFlag = new Uint8Array(links.length);
    this.drawBuf = new Float64Array(links.length);
    this.carryBuf = new Float64Array(links.length);
    this.aggregates = { drawBps: this.drawBuf, carry: this.carryBuf };
    this.dryBuf = new Uint8Array(links.length);
    this.availBuf = new Float64Array(links.length);
    this.takenBuf = new Float64Array(links.length);
    this.beforeBuf = new Uint8Array(links.length);
    this.onRoute = new Uint8Array(links.length);
    this.movedFlag = new Uint8Array(links.length);
    this.netBuf = new Float64Array(links.length);
    this.lastDry = new Uint8Array(links.length);
    this.links.forEach((l, i) => this.index.set(l.id, i));
  }

  /** Generation rate of pool i now, bit/s. */
  generationBps(i: number): number {
    const l = this.links[i]!;
    return l.up ? l.generationBps : 0;
  }

  /** Net rate of pool i under the current allocation, bit/s. */
  netBps(i: number): number {
    return this.generationBps(i) - this.aggregate().drawBps[i]!;
  }

  /** Per pool: total allocated rate of the flows through it, and their carried fractions (cached per state). */
  private readonly drawBuf: Float64Array = new Float64Array(0);
  private readonly carryBuf: Float64Array = new Float64Array(0);
  private cacheValid = false;
  /** Pools whose aggregates are set (non-zero possible; the first aggregatedCount entries): only these are cleared for the next state. */
  private readonly aggregated: number[] = [];
  private aggregatedCount = 0;
  private readonly aggregates: { readonly drawBps: Float64Array; readonly carry: Float64Array };
  private aggregate(): { drawBps: Float64Array; carry: Float64Array } {
    const drawBps = this.drawBuf;
    const carry = this.carryBuf;
    if (!this.cacheValid) {
      // Clear only what the last aggregation set: the buffers span every link, the flows few.
      const set = this.aggregated;
      for (let k = 0; k < this.aggregatedCount; k++) {
        drawBps[set[k]!] = 0;
        carry[set[k]!] = 0;
      }
      let n = 0;
      for (const f of this.flows) {
        for (const p of f.poolIdx) {
          drawBps[p] = drawBps[p]! + f.rateBps;
          carry[p] = carry[p]! + f.carry;
          if (n === set.length) set.push(p);
          else set[n] = p;
          n++;
        }
      }
      this.aggregatedCount = n;
      this.cacheValid = true;
    }
    return this.aggregates;
  }

  /** Forgets the per-pool aggregates (call after changing flows, routes or rates). */
  invalidate(): void {
    this.cacheValid = false;
  }

  /** Moves the accounting forward to toMs at the current rates. */
  advanceTo(toMs: number): void {
    const dtMs = toMs - this.nowMs;
    if (dtMs < 0) throw new RangeError(`network cannot go back from ${this.nowMs} to ${toMs} ms`);
    if (dtMs === 0) return;
    const dtS = dtMs / 1000;
    // What each pool can give over the interval (its level plus what it generates), spent flow by
    // flow, then taken from the pools in one step each. Only pools that generate or lie on a flow's
    // route can change: the others (a downlink's store between passes) are not visited at all, so
    // an interval costs the network's active part, not all its links.
    const avail = this.availBuf;
    const taken = this.takenBuf;
    const before = this.beforeBuf;
    const { pools, links } = this;
    for (const i of this.generating) {
      const pool = pools[i]!;
      const link = links[i]!;
      before[i] = pool.stateCode;
      avail[i] = link.up ? pool.accrueRaw(link.generationBps * dtS) : pool.levelBits;
      taken[i] = 0;
    }
    const drawnOnly = this.routeSets();
    for (const i of drawnOnly) {
      const pool = pools[i]!;
      before[i] = pool.stateCode;
      avail[i] = pool.levelBits;
      taken[i] = 0;
    }
    for (const f of this.flows) {
      const starved = f.rateBps < f.requestBps * (1 - RATE_EPS);
      if (starved) {
        f.starvedMs += dtMs;
        f.runMs += dtMs;
        if (f.runMs > f.longestStarvedMs) f.longestStarvedMs = f.runMs;
        const by = f.bottleneck >= 0 ? links[f.bottleneck]!.id : '';
        f.starvedBy.set(by, (f.starvedBy.get(by) ?? 0) + dtMs);
      } else {
        f.runMs = 0;
      }
      if (f.rateBps <= 0 || f.poolIdx.length === 0) continue;
      const exact = f.rateBps * dtS + f.carry;
      let want = Math.floor(exact);
      f.carry = exact - want;
      const route = f.poolIdx;
      for (let h = 0; h < route.length; h++) want = Math.min(want, avail[route[h]!]!);
      if (want <= 0) continue;
      for (let h = 0; h < route.length; h++) {
        const p = route[h]!;
        avail[p] = avail[p]! - want;
        taken[p] = taken[p]! + want;
      }
      f.servedBits += want;
    }
    this.routeLevelBound = Infinity;
    for (const i of this.generating) this.endInterval(i);
    for (const i of drawnOnly) this.endInterval(i);
    this.nowMs = toMs;
    this.invalidate();
  }

  /**
   * Second half of an interval for pool i: spends what the flows took and caps. The pool is marked
   * changed only if its state changed: a level moved by generation and flows is known to have moved
   * (see takeMoved), so only a new state is news to the router.
   */
  private endInterval(i: number): void {
    const pool = this.pools[i]!;
    pool.finish(this.takenBuf[i]!);
    if (pool.stateCode !== this.beforeBuf[i]) this.markChanged(i);
    if (this.onRoute[i] && pool.levelBits < this.routeLevelBound) this.routeLevelBound = pool.levelBits;
  }

  /**
   * At most the lowest level of any route pool (bits): set by each interval, lowered by every take
   * and expiry. allocate() uses it to see at once that no route pool is near dry.
   */
  private routeLevelBound = -Infinity;
  /** Lowers routeLevelBound after pool i's level fell outside an interval. */
  private lowered(i: number): void {
    if (this.onRoute[i] && this.pools[i]!.levelBits < this.routeLevelBound) this.routeLevelBound = this.pools[i]!.levelBits;
  }

  private readonly changedFlag: Uint8Array;
  private changedList: number[] = [];

  /** Spends `bits` whole bits from pool i (one hop of a request or a take). */
  take(i: number, bits: number): void {
    this.pools[i]!.take(bits);
    this.lowered(i);
    this.markChanged(i);
    this.noteExpiry(i);
  }

  /**
   * Adds a lump of key to pool i at tMs (a pass's key), at most `roomBits` of it (a shared on-board
   * memory). @returns the bits discarded
   */
  addLump(i: number, bits: number, tMs: number, roomBits = Infinity): number {
    const discarded = this.pools[i]!.add(bits, tMs, roomBits);
    this.markChanged(i);
    this.noteExpiry(i);
    return discarded;
  }

  /** Takes link i down or brings it up (an outage). */
  setUp(i: number, up: boolean): void {
    this.links[i]!.up = up;
    this.version++;
    this.markChanged(i);
  }

  /**
   * Pools whose key expires, by the time their oldest key does: a min-heap of [expiryMs, pool]
   * entries. An entry is exact or early (taking key only delays a pool's expiry, and adding to an
   * empty store pushes its new time), so an early one found at the top is replaced by the exact
   * time; the top is then the earliest expiry of any pool.
   */
  private readonly expiries: [number, number][] = [];

  /** Records pool i's current next expiry (after key was added, taken or expired). */
  private noteExpiry(i: number): void {
    const t = this.pools[i]!.nextExpiryMs();
    if (Number.isFinite(t)) heapPush(this.expiries, [t, i]);
  }

  /** The earliest time (tMs) at which any pool's stored key expires (Infinity if none). */
  nextExpiryMs(): number {
    for (;;) {
      const top = this.expiries[0];
      if (top === undefined) return Infinity;
      const actual = this.pools[top[1]]!.nextExpiryMs();
      if (actual === top[0]) return actual;
      heapPop(this.expiries);
      if (Number.isFinite(actual)) heapPush(this.expiries, [actual, top[1]]);
    }
  }

  /** Discards the key that has expired by tMs in every pool. */
  expireDue(tMs: number): void {
    while (this.nextExpiryMs() <= tMs) {
      const [, i] = heapPop(this.expiries)!;
      this.pools[i]!.expire(tMs);
      this.lowered(i);
      this.markChanged(i);
      this.noteExpiry(i);
    }
  }

  /** Records that pool i's level or its link's up/down state may have changed (for the router). */
  markChanged(i: number): void {
    if (this.changedFlag[i]) return;
    this.changedFlag[i] = 1;
    this.changedList.push(i);
  }

  /** The pools marked changed since the last call, in the order first marked; clears the marks. */
  takeChanged(): number[] {
    const list = this.changedList;
    for (const i of list) this.changedFlag[i] = 0;
    this.changedList = [];
    return list;
  }

  /**
   * Pools whose level generation or flows may have moved since the last takeMoved: those active
   * (generating or on a route) at any time since. Intervals do not mark them one by one.
   */
  private readonly movedFlag: Uint8Array;
  private movedList: number[] = [];
  private noteMoving(i: number): void {
    if (this.movedFlag[i]) return;
    this.movedFlag[i] = 1;
    this.movedList.push(i);
  }

  /** The pools whose level may have moved since the last call (see movedFlag); the active ones stay listed. */
  takeMoved(): number[] {
    const list = this.movedList;
    for (const i of list) this.movedFlag[i] = 0;
    this.movedList = [];
    this.routeSets();
    for (const p of this.activePools) this.noteMoving(p);
    return list;
  }

  /** Bumped whenever flows, their routes or the links' up/down states change (see allocate). */
  version = 0;
  private allocatedVersion = -1;
  private readonly dryBuf: Uint8Array;
  private readonly availBuf: Float64Array;
  private readonly takenBuf: Float64Array;
  /** Per pool: its state code before the interval. */
  private readonly beforeBuf: Uint8Array;
  /** Per pool: 1 if it lies on a flow's route (for the version of routeSets). */
  private onRoute: Uint8Array;
  /** Distinct pools on the flows' routes, for the version allocated last. */
  private routePools: number[] = [];
  /** The generating pools and the route pools (those with a net rate), for the version allocated last. */
  private activePools: readonly number[] = [];
  /** The route pools that do not generate (visited by an interval besides the generating ones), and their version. */
  private drawnOnly: readonly number[] = [];
  private routeSetsVersion = -1;

  /** The pools on the flows' routes, remade when the flows or their routes changed (version). @returns the drawn-only ones */
  private routeSets(): readonly number[] {
    if (this.routeSetsVersion !== this.version) {
      this.routeSetsVersion = this.version;
      this.routePools = [...new Set(this.flows.flatMap((f) => f.poolIdx))];
      this.activePools = this.routePools.length === 0 ? this.generating : [...new Set([...this.generating, ...this.routePools])];
      this.drawnOnly = this.routePools.filter((p) => !(this.links[p]!.generationBps > 0));
      this.onRoute = new Uint8Array(this.links.length);
      for (const p of this.routePools) this.onRoute[p] = 1;
      this.routeLevelBound = -Infinity;
      for (const p of this.activePools) this.noteMoving(p);
    }
    return this.drawnOnly;
  }
  private readonly lastDry: Uint8Array;
  /** Route pools found possibly dry (2) by the last split. */
  private dryLast = 0;

  /**
   * Re-splits the pools' rates among the flows. Skipped when nothing it depends on changed since
   * the last split: the same flows on the same routes over the same links, and the same pools dry.
   */
  allocate(): void {
    this.invalidate();
    this.routeSets();
    const dry = this.dryBuf;
    let same = this.allocatedVersion === this.version;
    // A pool holding more whole bits than the threshold plus every flow's carry cannot be dry.
    const sure = STOCK_THRESHOLD_BITS + this.flows.length + 1;
    // Nothing changed and no route pool was dry or can be: the loop below would find the same.
    if (same && this.dryLast === 0 && this.routeLevelBound >= sure) return;
    for (const p of this.routePools) {
      dry[p] = this.pools[p]!.levelBits >= sure || this.exactLevel(p) >= STOCK_THRESHOLD_BITS ? 1 : 2;
      if (dry[p] !== this.lastDry[p]) same = false;
    }
    if (same) return;
    this.allocatedVersion = this.version;
    this.dryLast = 0;
    for (const p of this.routePools) {
      this.lastDry[p] = dry[p]!;
      if (dry[p] === 2) this.dryLast++;
    }
    const cap = (p: number): number => (this.exactLevel(p) >= STOCK_THRESHOLD_BITS ? Infinity : this.generationBps(p));
    const { rateBps, bottleneck } = allocateRates(this.flows.map((f) => ({ requestBps: f.poolIdx.length > 0 ? f.requestBps : 0, pools: f.poolIdx })), cap);
    this.flows.forEach((f, i) => {
      f.rateBps = rateBps[i]!;
      f.bottleneck = f.poolIdx.length === 0 ? -1 : bottleneck[i]!;
    });
    this.allocations++;
    this.invalidate();
  }

  /**
   * The next instant (tMs, > nowMs) at which a pool's state changes under the current rates:
   * it runs dry, crosses its warning level, or is stocked or READY again. Infinity if none.
   */
  nextPoolChangeMs(): number {
    let best = Infinity;
    // Only pools that generate or are drawn from have a net rate (the route pools are those of the
    // last allocation, which every re-plan makes just before this).
    const active = this.allocatedVersion < 0 ? this.generating : this.activePools;
    const netBps = this.netRates(active);
    let carry: Float64Array | null = null;
    for (const i of active) {
      // Net rates within floating-point noise of zero are stored as 0: nothing moves.
      const net = netBps[i]!;
      if (net === 0) continue;
      const pool = this.pools[i]!;
      const state = pool.stateCode;
      // Falling: dry at the stock threshold, WARNING below the warning level (from READY).
      // Rising: stocked again at the threshold, READY at the resume level (from WARNING).
      // Filling up needs no event: with a constant net inflow, capping at the end of the interval
      // (settle) gives the same level and discards as capping at the instant it fills.
      // Targets within half a bit are reached already (levels are whole bits).
      if (net > 0 && state === READY) continue;
      carry ??= this.aggregate().carry;
      const level = pool.levelBits + pool.carryBits - carry[i]!;
      best = Math.min(best, this.reachMs(STOCK_THRESHOLD_BITS, level, net));
      const second = net < 0 ? (state === READY ? pool.warningBits - 1 : NaN) : pool.resumeBits;
      if (!Number.isNaN(second)) best = Math.min(best, this.reachMs(second, level, net));
    }
    return best;
  }

  /** Per pool, its net rate under the current allocation (0 within RATE_EPS of zero): made once per allocation. */
  private readonly netBuf: Float64Array;
  private netFor = { version: -1, allocation: -1, active: null as readonly number[] | null };
  private allocations = 0;
  private netRates(active: readonly number[]): Float64Array {
    const key = this.netFor;
    if (key.version === this.version && key.allocation === this.allocations && key.active === active) return this.netBuf;
    const { drawBps } = this.aggregate();
    for (const i of active) {
      const gen = this.generationBps(i);
      const net = gen - drawBps[i]!;
      this.netBuf[i] = Math.abs(net) <= RATE_EPS * Math.max(gen, 1) ? 0 : net;
    }
    this.netFor = { version: this.version, allocation: this.allocations, active };
    return this.netBuf;
  }

  /** When a level moving at `net` bit/s reaches `target` (tMs; Infinity when moving away or there within half a bit). */
  private reachMs(target: number, level: number, net: number): number {
    const gap = target - level;
    if (net < 0 ? gap > -0.5 : gap < 0.5) return Infinity;
    return this.nowMs + Math.max(1, Math.ceil((gap / net) * 1000));
  }

  /**
   * Pool i's level as the continuous model has it: whole bits, plus the generation fraction carried,
   * minus the fractions the flows through it have been served but not yet taken.
   */
  exactLevel(i: number): number {
    return this.pools[i]!.levelBits + this.pools[i]!.carryBits - this.aggregate().carry[i]!;
  }

  /** The time (tMs) at which every pool on a route will hold `bits` at the current net rates (Infinity if never). */
  timeUntilAllHold(poolIdx: readonly number[], bits: number): number {
    let t = this.nowMs;
    for (const p of poolIdx) {
      const level = this.pools[p]!.levelBits;
      if (level >= bits) continue;
      const net = this.netBps(p);
      if (net <= 0) return Infinity;
      t = Math.max(t, this.nowMs + Math.max(1, Math.ceil(((bits - level) / net) * 1000)));
    }
    return t;
  }

}
