/**
 * Binary min-heap of scheduled events for the run loop, ordered by (tMs, priority, seq), with lazy
 * cancellation.
 *
 * Why a hand-written heap: push and pop are O(log n) and ties are broken by an insertion counter, so
 * the order never depends on payloads or on the heap's internal layout (SimPy's `(time, priority,
 * eid)`). Cancelling sets a flag instead of removing the entry from the middle of the array (which
 * would be O(n) and is how SimScript's sorted-array `splice` loses time); flagged entries are
 * dropped when they reach the top.
 * @module
 */

/** One scheduled entry in an {@link EventQueue}. Created by {@link EventQueue.push}; read-only outside. */
export interface QueueEntry<T> {
  /** When the event fires: simulation time in ms (the engine keeps it an integer). */
  readonly tMs: number;
  /** Tie-break at equal `tMs`: lower runs first. */
  readonly priority: number;
  /** Insertion counter of the queue (0, 1, 2...): tie-break at equal (tMs, priority), first in first out. */
  readonly seq: number;
  /** The payload. The queue never looks at it. */
  readonly event: T;
  /** True once {@link EventQueue.cancel} took the entry out; it may still occupy a heap slot. */
  readonly cancelled: boolean;
  /** True once {@link EventQueue.pop} returned the entry. */
  readonly popped: boolean;
}

/** The queue's own view of an entry: same fields, writable flags, and the queue that owns it. */
interface OwnedEntry<T> {
  readonly tMs: number;
  readonly priority: number;
  readonly seq: number;
  readonly event: T;
  cancelled: boolean;
  popped: boolean;
  readonly owner: EventQueue<T>;
}

/**
 * Below this many cancelled-but-stored entries the queue never compacts: a rebuild of a small heap
 * costs more than the skipped pops it saves.
 */
const COMPACT_MIN_STALE = 1024;

/** Strict (tMs, priority, seq) order. seq is unique per queue, so two entries are never equal. */
function before<T>(a: OwnedEntry<T>, b: OwnedEntry<T>): boolean {
  if (a.tMs !== b.tMs) return a.tMs < b.tMs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}

/**
 * Min-heap of {@link QueueEntry} ordered by (tMs, priority, seq).
 *
 * - `push` and `pop` are O(log n); `peek` is O(1) plus the cost of dropping cancelled entries at the top.
 * - `cancel` is O(1): it flags the entry and decrements the live count. When cancelled entries make up
 *   more than half of the stored ones (and there are at least 1024 of them) the heap is rebuilt
 *   without them in O(n). That keeps memory bounded when a caller keeps re-arming far-future timers,
 *   and does not change the pop order, which is a total order on (tMs, priority, seq).
 */
export class EventQueue<T> {
  private heap: OwnedEntry<T>[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Number of live (pushed, not yet popped, not cancelled) entries. */
  get size(): number {
    return this.live;
  }

  /** Number of entries physically stored, cancelled ones included (for tests and diagnostics). */
  get storedCount(): number {
    return this.heap.length;
  }

  /**
   * Adds an entry and returns it (keep it to cancel later).
   * @param tMs firing time in ms; any finite number (the Simulation enforces integers).
   * @param priority tie-break at equal tMs, lower first; any finite number.
   * @param event payload, stored by reference and never compared.
   * @throws RangeError if tMs or priority is not finite (NaN would silently corrupt the heap order).
   */
  push(tMs: number, priority: number, event: T): QueueEntry<T> {
    if (!Number.isFinite(tMs)) throw new RangeError(`EventQueue.push: tMs must be finite, got ${tMs}`);
    if (!Number.isFinite(priority)) throw new RangeError(`EventQueue.push: priority must be finite, got ${priority}`);
    const entry: OwnedEntry<T> = { tMs, priority, seq: this.nextSeq++, event, cancelled: false, popped: false, owner: this };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    this.live++;
    return entry;
  }

  /** The next live entry without removing it, or undefined if there is none. Drops cancelled entries on top. */
  peek(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    return this.heap[0];
  }

  /** Removes and returns the next live entry, or undefined if there is none. */
  pop(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    const top = this.removeTop();
    if (top === undefined) return undefined;
    top.popped = true;
    this.live--;
    return top;
  }

  /**
   * Cancels a pending entry so it is never returned by `pop` or `peek`.
   * @returns true if the entry was pending; false if it was already cancelled or popped.
   * @throws Error if the entry was made by another queue (its live count would go wrong).
   */
  cancel(entry: QueueEntry<T>): boolean {
    const owned = entry as OwnedEntry<T>;
    if (owned.owner !== this) throw new Error('EventQueue.cancel: the entry belongs to another queue');
    if (owned.cancelled || owned.popped) return false;
    owned.cancelled = true;
    this.live--;
    const stale = this.heap.length - this.live;
    if (stale >= COMPACT_MIN_STALE && stale * 2 > this.heap.length) this.compact();
    return true;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.removeTop();
  }

  /** Standard heap removal: move the last leaf to the root and sift it down. */
  private removeTop(): OwnedEntry<T> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top !== undefined && last !== undefined && heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Rebuilds the heap from the live entries (Floyd's bottom-up heapify, O(n)). */
  private compact(): void {
    this.heap = this.heap.filter((entry) => !entry.cancelled);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  // The sift loops move a "hole" instead of swapping pairs: one write per level instead of two.
  private siftUp(index: number): void {
    const heap = this.heap;
    const item = heap[index]!;
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = heap[parentIndex]!;
      if (!before(item, parent)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = item;
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[index]!;
    let i = index;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && before(heap[right]!, heap[child]!)) child = right;
      if (!before(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}
