/**
 * The keys the KMEs have handed to master SAEs and hold for the slave SAEs (ETSI GS QKD 014: the
 * master gets key and key_ID from "Get key"; the slave later gets the same key by its key_ID from
 * "Get key with key IDs"). A key is handed to its slave once, to no one else, and is then gone;
 * one not collected is destroyed when its lifetime runs out (simulated time).
 *
 * A request for several key_IDs is all or nothing: if any is unknown, gone or expired the answer is
 * "not found" (400) and nothing is removed; if any belongs to another slave SAE the answer is 401
 * and nothing is removed (the rightful slave can still collect it).
 *
 * Expiry: keys with the same lifetime are added in time order, so each lifetime has its own FIFO
 * whose head expires first; a sweep pops heads, O(1) per key. Collected keys leave a stale entry
 * that the sweep skips.
 * @module
 */

/** A key held for its slave SAE. */
interface HeldKey {
  readonly id: string;
  readonly master: string;
  readonly slave: string;
  readonly key: Buffer;
  readonly expiresMs: number;
}

/** Outcome of a collection. */
export type CollectResult =
  | { readonly ok: true; readonly keys: readonly { readonly id: string; readonly key: Buffer }[] }
  | { readonly ok: false; readonly status: 400; readonly notFound: readonly string[] }
  | { readonly ok: false; readonly status: 401 };

/** Keys handed out and not yet collected, per (master, slave) pair. */
export class KeyStore {
  private readonly held = new Map<string, HeldKey>();
  private readonly fifos = new Map<number, { items: HeldKey[]; head: number }>();
  private readonly pendingByPair = new Map<string, number>();

  /**
   * @param maxPendingPerPair most keys held for one (master, slave) pair at once
   * @param onExpire called for each key destroyed uncollected
   */
  constructor(
    readonly maxPendingPerPair: number,
    private readonly onExpire: (master: string, slave: string, bits: number) => void = () => undefined,
  ) {}

  private static pair(master: string, slave: string): string {
    return `${master}\u0000${slave}`;
  }

  /** Keys held for a pair now. */
  pending(master: string, slave: string): number {
    return this.pendingByPair.get(KeyStore.pair(master, slave)) ?? 0;
  }

  /** Keys held in all. */
  get size(): number {
    return this.held.size;
  }

  /** Room for this many more keys of the pair. */
  room(master: string, slave: string): number {
    return this.maxPendingPerPair - this.pending(master, slave);
  }

  /**
   * Holds keys for the slave until expiresMs (simulated). The caller checks {@link room} first.
   * @throws RangeError when the pair's store would overflow or a key_ID is in use
   */
  add(master: string, slave: string, keys: readonly { readonly id: string; readonly key: Buffer }[], nowMs: number, lifetimeMs: number): void {
    if (keys.length > this.room(master, slave)) throw new RangeError(`KeyStore: ${keys.length} keys do not fit (${this.room(master, slave)} left for ${master} -> ${slave})`);
    let fifo = this.fifos.get(lifetimeMs);
    if (!fifo) this.fifos.set(lifetimeMs, (fifo = { items: [], head: 0 }));
    for (const k of keys) {
      if (this.held.has(k.id)) throw new RangeError(`KeyStore: key_ID ${k.id} is in use`);
      const entry: HeldKey = { id: k.id, master, slave, key: k.key, expiresMs: nowMs + lifetimeMs };
      this.held.set(k.id, entry);
      fifo.items.push(entry);
    }
    const p = KeyStore.pair(master, slave);
    this.pendingByPair.set(p, (this.pendingByPair.get(p) ?? 0) + keys.length);
  }

  /**
   * Hands the keys `ids` to `requester`, who names `master` as the SAE that got them. All or nothing.
   */
  collect(requester: string, master: string, ids: readonly string[], nowMs: number): CollectResult {
    this.expire(nowMs);
    const found: HeldKey[] = [];
    const notFound: string[] = [];
    let foreign = false;
    for (const id of ids) {
      const k = this.held.get(id);
      if (!k) notFound.push(id);
      else if (k.slave !== requester) foreign = true;
      else if (k.master !== master) notFound.push(id);
      else found.push(k);
    }
    if (foreign) return { ok: false, status: 401 };
    if (notFound.length > 0) return { ok: false, status: 400, notFound };
    for (const k of found) this.remove(k);
    return { ok: true, keys: found.map((k) => ({ id: k.id, key: k.key })) };
  }

  /** Destroys every key whose lifetime has run out by nowMs. @returns the bits destroyed */
  expire(nowMs: number): number {
    let bits = 0;
    for (const fifo of this.fifos.values()) {
      while (fifo.head < fifo.items.length && fifo.items[fifo.head]!.expiresMs <= nowMs) {
        const k = fifo.items[fifo.head++]!;
        if (this.held.get(k.id) !== k) continue; // collected already
        this.remove(k);
        bits += k.key.length * 8;
        this.onExpire(k.master, k.slave, k.key.length * 8);
      }
      // Drop the consumed prefix now and then, so the array does not grow without bound.
      if (fifo.head > 1024 && fifo.head * 2 > fifo.items.length) {
        fifo.items.splice(0, fifo.head);
        fifo.head = 0;
      }
    }
    return bits;
  }

  private remove(k: HeldKey): void {
    this.held.delete(k.id);
    const p = KeyStore.pair(k.master, k.slave);
    const left = (this.pendingByPair.get(p) ?? 1) - 1;
    if (left > 0) this.pendingByPair.set(p, left);
    else this.pendingByPair.delete(p);
  }
}
