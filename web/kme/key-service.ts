/**
 * The KMEs' common back end: a live run of the scenario paced by the wall clock, the store of keys
 * held for slave SAEs, and the ledger of what each SAE got. The HTTP layer (api.ts) only parses,
 * authenticates and formats; every decision about key lives here.
 *
 * Where key comes from: "Get key" for `number` keys of `size` bits takes number x size bits at once
 * from every pool along the route between the two SAEs' nodes, through LiveRun.takeKey, exactly as
 * a one-off demand of that size would (trusted relays and the satellite's stores included). So
 * the pools' ledgers show the key applications took, to the bit. The key material itself is fresh
 * random bytes (node:crypto): the simulation accounts for key, it does not carry it.
 *
 * Lifetime of a key not yet collected by its slave: the shortest lifetime among the pools it was
 * taken from (a satellite's on-board `lifetimeS`), or the KME's own `keyLifetimeMs` when none of
 * them has one; counted from the moment it was taken, in simulated time.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LiveRun } from '../../sim/run/index.js';
import { RoutingGraph } from '../../sim/network/routing.js';
import type { Sae, ScenarioWithSaes } from '../../sim/scenario/index.js';
import { KeyStore, type CollectResult } from './key-store.js';
import { WallPacer } from './pacer.js';

/** The KME's limits, as Get status reports them (ETSI GS QKD 014 clause 6.1). */
export const KME_LIMITS = {
  /** Default key size, bits (key_size). */
  keySizeBits: 256,
  /** Smallest and largest key size, bits; sizes must be multiples of 8 (min_key_size, max_key_size). */
  minKeySizeBits: 64,
  maxKeySizeBits: 4096,
  /** Most keys per Get key request (max_key_per_request); also the most key_IDs per Get key with key IDs. */
  maxKeyPerRequest: 128,
  /** Key multicast is not supported (max_SAE_ID_count). */
  maxSaeIdCount: 0,
} as const;

/** Options of {@link KeyService}. */
export interface KeyServiceOptions {
  /** Simulated seconds per wall second. */
  readonly speed: number;
  /** Simulated start, ms after the scenario start. */
  readonly fromMs?: number;
  /** Lifetime of uncollected keys when no pool on their route has one, simulated ms. */
  readonly keyLifetimeMs: number;
  /** Most keys held for one SAE pair. Default 100 000. */
  readonly maxPendingPerPair?: number;
  /** The wall clock (tests). */
  readonly wallMs?: () => number;
}

/** What the service tells its observers (metrics). */
export interface KeyServiceEvents {
  delivered?(master: string, slave: string, keys: number, bits: number): void;
  collected?(master: string, slave: string, keys: number, bits: number): void;
  expired?(master: string, slave: string, bits: number): void;
}

/** A key answer: key_ID and key bytes. */
export interface IssuedKey {
  readonly id: string;
  readonly key: Buffer;
}

/** Outcome of Get key. */
export type GetKeysResult =
  | { readonly ok: true; readonly keys: readonly IssuedKey[]; readonly links: readonly string[]; readonly tMs: number }
  | { readonly ok: false; readonly reason: string };

/** Per-SAE ledger, bits and keys. */
export interface SaeLedger {
  readonly id: string;
  readonly node: string;
  /** Handed to this SAE as master (Get key). */
  deliveredBits: number;
  deliveredKeys: number;
  /** Handed to this SAE as slave (Get key with key IDs). */
  collectedBits: number;
  collectedKeys: number;
  /** Destroyed uncollected, held for this SAE as slave. */
  expiredBits: number;
}

/** Status numbers of a pair (ETSI GS QKD 014 clause 6.1, stored_key_count and max_key_count). */
export interface PairCapacity {
  readonly storedKeyCount: number;
  readonly maxKeyCount: number;
}

/** The KMEs' back end; see the module comment. */
export class KeyService {
  readonly saes: ReadonlyMap<string, Sae>;
  readonly pacer: WallPacer;
  readonly store: KeyStore;
  readonly ledger = new Map<string, SaeLedger>();
  private readonly graph: RoutingGraph;
  /** On-board key lifetime of each pool (null: none), by link id. */
  private readonly poolLifetimeMs = new Map<string, number | null>();
  private readonly keyLifetimeMs: number;

  constructor(
    readonly run: LiveRun,
    readonly scenario: ScenarioWithSaes,
    options: KeyServiceOptions,
    private readonly events: KeyServiceEvents = {},
  ) {
    this.saes = new Map(scenario.saes.map((s) => [s.id, s]));
    for (const s of scenario.saes) this.ledger.set(s.id, { id: s.id, node: s.node, deliveredBits: 0, deliveredKeys: 0, collectedBits: 0, collectedKeys: 0, expiredBits: 0 });
    if (!(Number.isSafeInteger(options.keyLifetimeMs) && options.keyLifetimeMs > 0)) throw new RangeError(`KeyService: keyLifetimeMs must be a whole number of ms > 0, got ${options.keyLifetimeMs}`);
    this.keyLifetimeMs = options.keyLifetimeMs;
    this.pacer = new WallPacer(run, { speed: options.speed, fromMs: options.fromMs ?? 0, ...(options.wallMs ? { wallMs: options.wallMs } : {}) });
    this.store = new KeyStore(options.maxPendingPerPair ?? 100_000, (master, slave, bits) => {
      this.ledger.get(slave)!.expiredBits += bits;
      this.events.expired?.(master, slave, bits);
    });
    this.graph = new RoutingGraph(scenario.nodes.map((n) => n.id), scenario.links);
    const satLifetime = new Map(scenario.satellites.map((s) => [s.id, s.keyLifetimeMs]));
    for (const l of scenario.links) this.poolLifetimeMs.set(l.id, l.kind === 'downlink' ? (satLifetime.get(l.from) ?? null) : null);
  }

  /** Moves simulated time to the wall clock's and destroys expired keys; returns the time, ms. */
  tick(): number {
    const tMs = this.pacer.sync();
    this.store.expire(tMs);
    return tMs;
  }

  /** Every pool as of now (LiveRun.pools() brings the accounting up to the present). */
  poolsNow(): ReturnType<LiveRun['pools']> {
    this.tick();
    return this.run.pools();
  }

  /** Id of the KME serving a node. */
  static kmeId(node: string): string {
    return `kme-${node}`;
  }

  /**
   * Keys of `sizeBits` the network could give the pair now, and at most (stored_key_count,
   * max_key_count): the widest route usable now (LiveRun.availableBits: links up, satellite stores
   * holding key) divided by the key size; the capacity of the fewest-hop route's smallest pool.
   */
  capacity(master: string, slave: string, sizeBits: number): PairCapacity {
    const pools = this.poolsNow();
    const from = this.saes.get(master)!.node;
    const to = this.saes.get(slave)!.node;
    // What one Get key could take now, by the network's own rules (outages, satellite stores).
    const storedKeyCount = Math.floor(this.run.availableBits(from, to) / sizeBits);
    const any = this.graph.route(from, to, () => 1);
    if (!any) return { storedKeyCount: 0, maxKeyCount: 0 };
    return { storedKeyCount, maxKeyCount: Math.floor(Math.min(...any.poolIdx.map((i) => pools[i]!.capacityBits)) / sizeBits) };
  }

  /**
   * Get key: `number` keys of `sizeBits` for the pair, taken from the network now. All or nothing:
   * when the route lacks key, or the slave's store is full, nothing is taken and the reason says why.
   */
  getKeys(master: string, slave: string, number: number, sizeBits: number): GetKeysResult {
    const tMs = this.tick();
    const room = this.store.room(master, slave);
    if (room < number) {
      return { ok: false, reason: `${this.store.pending(master, slave)} keys for SAE ${slave} are not collected yet (at most ${this.store.maxPendingPerPair} are held)` };
    }
    const from = this.saes.get(master)!.node;
    const to = this.saes.get(slave)!.node;
    const bits = number * sizeBits;
    const taken = this.run.takeKey(from, to, bits);
    if (!taken.ok) return { ok: false, reason: taken.reason };
    const keys = Array.from({ length: number }, () => ({ id: randomUUID(), key: randomBytes(sizeBits / 8) }));
    let lifetimeMs: number | null = null;
    for (const link of taken.links) {
      const l = this.poolLifetimeMs.get(link) ?? null;
      if (l !== null) lifetimeMs = lifetimeMs === null ? l : Math.min(lifetimeMs, l);
    }
    this.store.add(master, slave, keys, tMs, lifetimeMs ?? this.keyLifetimeMs);
    const entry = this.ledger.get(master)!;
    entry.deliveredBits += bits;
    entry.deliveredKeys += number;
    this.events.delivered?.(master, slave, number, bits);
    return { ok: true, keys, links: taken.links, tMs };
  }

  /** Get key with key IDs: the keys `ids` for `requester` (the slave), issued to `master`. */
  getKeysWithIds(requester: string, master: string, ids: readonly string[]): CollectResult {
    const tMs = this.tick();
    const out = this.store.collect(requester, master, ids, tMs);
    if (out.ok) {
      const bits = out.keys.reduce((a, k) => a + k.key.length * 8, 0);
      const entry = this.ledger.get(requester)!;
      entry.collectedBits += bits;
      entry.collectedKeys += out.keys.length;
      this.events.collected?.(master, requester, out.keys.length, bits);
    }
    return out;
  }
}
