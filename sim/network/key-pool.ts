/**
 * A key pool: the secret key two ends of a link share and have not yet spent. Bits are whole
 * numbers; fractional accrual from a continuous rate is carried to the next accrual, never dropped
 * or rounded up. Every change goes through the ledger, which holds exactly at all times:
 *
 *     initial + generated = consumed + discarded + level
 *
 * Key beyond the capacity is discarded (and counted). The state is EMPTY at 0 bits, WARNING once the
 * level falls below the warning level, and READY again only when it has climbed back to twice the
 * warning level (or the capacity, if smaller): the hysteresis keeps a route that leaves a pool in
 * WARNING from flapping back as soon as one bit returns.
 * @module
 */

/** Pool states, as the routing and the report see them. */
export type PoolState = 'READY' | 'WARNING' | 'EMPTY';
/** The states by {@link KeyPool.stateCode}. */
export const POOL_STATES: readonly PoolState[] = ['READY', 'WARNING', 'EMPTY'];

/** Settings of one pool, bits. */
export interface PoolConfig {
  readonly capacityBits: number;
  readonly initialBits: number;
  readonly warningBits: number;
  /** Key expires this long after it was added, ms (optional; on-board stores). */
  readonly lifetimeMs?: number | null;
}

/** Key added at one instant, for expiry (oldest first). */
interface Batch {
  readonly tMs: number;
  bits: number;
}

/** One link's key pool with its ledger. */
export class KeyPool {
  readonly capacityBits: number;
  readonly warningBits: number;
  readonly initialBits: number;
  private level: number;
  private generated = 0;
  private consumed = 0;
  private discarded = 0;
  /** Fraction of a bit accrued but not yet whole, in [0, 1). */
  private carry = 0;
  /** Below the warning level and not yet back to the resume level. */
  private low: boolean;
  /** Level at which a pool in WARNING becomes READY again, bits. */
  readonly resumeBits: number;
  /** Key lifetime, ms, or null; with a lifetime the pool keeps its key in dated batches. */
  readonly lifetimeMs: number | null;
  private readonly batches: Batch[] = [];

  constructor(readonly id: string, config: PoolConfig) {
    if (!Number.isInteger(config.capacityBits) || config.capacityBits <= 0) throw new RangeError(`pool ${id}: capacity must be a positive integer, got ${config.capacityBits}`);
    if (!Number.isInteger(config.initialBits) || config.initialBits < 0 || config.initialBits > config.capacityBits) {
      throw new RangeError(`pool ${id}: initial bits must be an integer in [0, ${config.capacityBits}], got ${config.initialBits}`);
    }
    this.capacityBits = config.capacityBits;
    this.warningBits = config.warningBits;
    this.initialBits = config.initialBits;
    this.level = config.initialBits;
    this.resumeBits = Math.min(2 * config.warningBits, config.capacityBits);
    this.low = this.level < this.warningBits;
    this.lifetimeMs = config.lifetimeMs ?? null;
    if (this.lifetimeMs !== null && this.level > 0) this.batches.push({ tMs: 0, bits: this.level });
  }

  /** Updates the WARNING hysteresis after any change of level. */
  private track(): void {
    if (this.level < this.warningBits) this.low = true;
    else if (this.level >= this.resumeBits) this.low = false;
  }

  get levelBits(): number {
    return this.level;
  }
  get generatedBits(): number {
    return this.generated;
  }
  get consumedBits(): number {
    return this.consumed;
  }
  get discardedBits(): number {
    return this.discarded;
  }
  /** The fraction of a bit accrued but not yet added, in [0, 1). */
  get carryBits(): number {
    return this.carry;
  }

  /** EMPTY at 0; WARNING from below the warning level until back at the resume level; READY otherwise. */
  get state(): PoolState {
    return POOL_STATES[this.stateCode]!;
  }

  /** The state as a small integer, for hot loops: an index into {@link POOL_STATES}. */
  get stateCode(): number {
    return this.level <= 0 ? 2 : this.low ? 1 : 0;
  }

  /**
   * Adds `exactBits` of continuously generated key (may be fractional): the whole part of
   * exactBits + carry is added now, the fraction carried. The level may exceed the capacity until
   * {@link settle} (so that key spent over the same interval is counted before any is discarded).
   * @returns the whole bits added
   */
  accrue(exactBits: number): number {
    if (!(exactBits >= 0)) throw new RangeError(`pool ${this.id}: accrual must be >= 0 bits, got ${exactBits}`);
    const total = exactBits + this.carry;
    const whole = Math.floor(total);
    this.carry = total - whole;
    this.level += whole;
    this.generated += whole;
    this.track();
    return whole;
  }

  /**
   * The hot path of an interval, in two calls: accrueRaw adds continuous generation (whole bits,
   * fraction carried; no checks, the level may exceed the capacity) and returns the level; finish
   * then spends `takeBits` and discards above the capacity. Same ledger as accrue + take + settle.
   */
  accrueRaw(exactBits: number): number {
    const total = exactBits + this.carry;
    const whole = Math.floor(total);
    this.carry = total - whole;
    this.level += whole;
    this.generated += whole;
    return this.level;
  }

  /** Second half of an interval (see accrueRaw). @throws RangeError if takeBits exceeds the level */
  finish(takeBits: number): void {
    if (takeBits > 0) this.take(takeBits);
    this.settle();
  }

  /**
   * Adds a lump of key (e.g. a satellite pass), whole bits, dated tMs for expiry; the excess over
   * the capacity, or over `roomBits` when given (a shared on-board store), is discarded at once.
   * @returns the bits discarded
   */
  add(bits: number, tMs = 0, roomBits = Infinity): number {
    if (!Number.isInteger(bits) || bits < 0) throw new RangeError(`pool ${this.id}: added key must be a whole number >= 0, got ${bits}`);
    this.level += bits;
    this.generated += bits;
    const over = Math.max(0, bits - Math.max(0, roomBits));
    if (over > 0) {
      this.level -= over;
      this.discarded += over;
    }
    if (this.lifetimeMs !== null && bits - over > 0) this.batches.push({ tMs, bits: bits - over });
    this.track();
    return over + this.settle();
  }

  /** Time (tMs) at which the oldest stored key expires, or Infinity. */
  nextExpiryMs(): number {
    const first = this.batches[0];
    return this.lifetimeMs === null || !first ? Infinity : first.tMs + this.lifetimeMs;
  }

  /** Discards key whose lifetime has run out by tMs. @returns the bits discarded */
  expire(tMs: number): number {
    if (this.lifetimeMs === null) return 0;
    let gone = 0;
    while (this.batches.length > 0 && this.batches[0]!.tMs + this.lifetimeMs <= tMs) gone += this.batches.shift()!.bits;
    gone = Math.min(gone, this.level);
    this.level -= gone;
    this.discarded += gone;
    this.track();
    return gone;
  }

  /** Spends `bits` whole bits. @throws RangeError if the pool holds fewer (callers check first). */
  take(bits: number): void {
    if (!Number.isInteger(bits) || bits < 0 || bits > this.level) {
      throw new RangeError(`pool ${this.id}: cannot take ${bits} bits from ${this.level}`);
    }
    this.level -= bits;
    this.consumed += bits;
    this.dropOldest(bits);
    this.track();
  }

  /** Key is spent oldest first (so the freshest key is the last to expire). */
  private dropOldest(bits: number): void {
    let left = bits;
    while (left > 0 && this.batches.length > 0) {
      const b = this.batches[0]!;
      const used = Math.min(b.bits, left);
      b.bits -= used;
      left -= used;
      if (b.bits === 0) this.batches.shift();
    }
  }

  /** Discards key above the capacity. @returns the bits discarded */
  settle(): number {
    const excess = this.level - this.capacityBits;
    if (excess <= 0) {
      this.track();
      return 0;
    }
    this.level = this.capacityBits;
    this.discarded += excess;
    this.dropOldest(excess);
    this.track();
    return excess;
  }

  /** True when initial + generated = consumed + discarded + level (it always should be). */
  ledgerBalanced(): boolean {
    return this.initialBits + this.generated === this.consumed + this.discarded + this.level;
  }
}
