/**
 * The discrete-event simulation core: an integer-millisecond clock, the event queue, handler
 * dispatch by event `kind`, and the run loop (`step`, `run({untilMs})`).
 *
 * Design choices, following SimPy's `Environment` where it fits:
 * - Time is integer ms since the scenario epoch (`tMs`), so ties are exact.
 * - Order is (tMs, priority, seq): equal times run by priority (URGENT before NORMAL), then in the
 *   order they were scheduled. Runs are repeatable; payloads are never compared.
 * - Events are plain data dispatched to one handler per `kind`, so a trace can serialise them.
 * - No timers, no promises: the engine never awaits. A dashboard paces itself with `peek`/`step`.
 * @module
 */
import { EventQueue } from './queue.js';
import type { QueueEntry } from './queue.js';

/** Priority that runs before {@link NORMAL} at the same tMs (e.g. state changes others must see). */
export const URGENT = 0;
/** Default priority. */
export const NORMAL = 1;

/**
 * Base shape of every event: a discriminated union on `kind`, e.g.
 * `{kind: 'passStart', satId, stationId} | {kind: 'keyGenerated', linkId, bits}`.
 *
 * Events must be plain serialisable data (strings, finite numbers, booleans, null, arrays and plain
 * objects of those), so the trace can write them as JSON. The engine stores the object by reference
 * and does not clone or freeze it: do not mutate an event after scheduling it.
 */
export interface SimEvent {
  readonly kind: string;
}

/** What {@link Simulation.schedule} returns: pass it to {@link Simulation.cancel}. Opaque otherwise. */
export interface EventHandle {
  /** When the event is due: simulation time in ms. */
  readonly tMs: number;
  /** The event's kind. */
  readonly kind: string;
  /** Its priority (lower runs first at equal tMs). */
  readonly priority: number;
  /** True until the event is dispatched or cancelled. */
  readonly pending: boolean;
}

/** Counters of one Simulation. Invariant: scheduled = processed + cancelled + pending. */
export interface SimulationStats {
  /** Events taken off the queue and dispatched, including one whose handler threw. */
  readonly processed: number;
  /** Calls to schedule/scheduleAt. */
  readonly scheduled: number;
  /** Successful cancel() calls. */
  readonly cancelled: number;
  /** Events still queued and not cancelled. */
  readonly pending: number;
}

/**
 * A failure inside the run loop: a handler threw, the trace hook threw, or no handler was registered
 * for an event's kind. The message starts with `t=<tMs> ms, event "<kind>":` (sim time is relative
 * to the scenario epoch, so it is printed in ms, not as a date); the original error is `cause`.
 */
export class SimulationError extends Error {
  /** Simulation time of the failing event, ms. */
  readonly tMs: number;
  /** Kind of the failing event. */
  readonly kind: string;
  constructor(tMs: number, kind: string, reason: string, options?: { cause?: unknown }) {
    super(`t=${tMs} ms, event "${kind}": ${reason}`, options);
    this.name = 'SimulationError';
    this.tMs = tMs;
    this.kind = kind;
  }
}

/** Options of the {@link Simulation} constructor. */
export interface SimulationOptions<E extends SimEvent> {
  /** Initial clock, integer ms since the scenario epoch. Default 0. */
  startMs?: number;
  /** Trace hook, called for each dispatched event just before its handler, with the clock already at tMs (ms). */
  onEvent?: (tMs: number, event: E) => void;
}

/** Handler for one event kind; receives the event and the simulation (to read `nowMs` and schedule). */
export type EventHandler<E extends SimEvent, K extends E['kind']> = (event: Extract<E, { kind: K }>, sim: Simulation<E>) => void;

/** The handle class behind {@link EventHandle}; not exported so users cannot forge one. */
class ScheduledEvent<E extends SimEvent> implements EventHandle {
  constructor(
    readonly owner: Simulation<E>,
    readonly entry: QueueEntry<E>,
  ) {}
  get tMs(): number {
    return this.entry.tMs;
  }
  get kind(): string {
    return this.entry.event.kind;
  }
  get priority(): number {
    return this.entry.priority;
  }
  get pending(): boolean {
    return !this.entry.cancelled && !this.entry.popped;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * A discrete-event simulation over events of union type `E`.
 *
 * ```ts
 * type Ev = { kind: 'ping'; n: number };
 * const sim = new Simulation<Ev>();
 * sim.on('ping', (e, s) => { if (e.n < 3) s.schedule(1000, { kind: 'ping', n: e.n + 1 }); });
 * sim.schedule(0, { kind: 'ping', n: 0 });
 * sim.run({ untilMs: 60_000 }); // pings at 0, 1000, 2000, 3000 ms; clock ends at 60000
 * ```
 *
 * Handlers may schedule and cancel events, including at the current time: such an event runs in the
 * same instant, after every already-queued event of the same (tMs, priority). A handler must not call
 * `step` or `run` (that throws): nested loops would make the order depend on call depth.
 */
export class Simulation<E extends SimEvent> {
  private clockMs: number;
  private readonly queue = new EventQueue<E>();
  private readonly handlers = new Map<string, (event: E, sim: Simulation<E>) => void>();
  private readonly onEvent: ((tMs: number, event: E) => void) | undefined;
  private dispatching = false;
  private processedCount = 0;
  private scheduledCount = 0;
  private cancelledCount = 0;

  /** @throws RangeError if `startMs` is not a safe integer. */
  constructor(options: SimulationOptions<E> = {}) {
    const startMs = options.startMs ?? 0;
    if (!Number.isSafeInteger(startMs)) throw new RangeError(`Simulation: startMs must be an integer (ms), got ${startMs}`);
    this.clockMs = startMs;
    this.onEvent = options.onEvent;
  }

  /** Current simulation time, integer ms since the scenario epoch. */
  get nowMs(): number {
    return this.clockMs;
  }

  /** A snapshot of the counters (a new object each call). */
  get stats(): SimulationStats {
    return { processed: this.processedCount, scheduled: this.scheduledCount, cancelled: this.cancelledCount, pending: this.queue.size };
  }

  /**
   * Registers the handler for one event kind. Handlers may be registered after events of that kind
   * were scheduled; the lookup happens at dispatch.
   * @throws Error if `kind` already has a handler (one handler per kind keeps dispatch order obvious).
   */
  on<K extends E['kind']>(kind: K, handler: EventHandler<E, K>): this {
    if (this.handlers.has(kind)) throw new Error(`Simulation.on: a handler for kind "${kind}" is already registered`);
    this.handlers.set(kind, handler as (event: E, sim: Simulation<E>) => void);
    return this;
  }

  /**
   * Schedules `event` to fire `delayMs` after now.
   * @param delayMs integer ms >= 0 (0 fires in the current instant, after queued events of equal priority).
   * @param priority integer, lower first at equal tMs; default {@link NORMAL}.
   * @throws RangeError naming the value if delayMs is not an integer >= 0 or priority is not an integer.
   */
  schedule(delayMs: number, event: E, priority: number = NORMAL): EventHandle {
    if (!Number.isSafeInteger(delayMs) || delayMs < 0) {
      throw new RangeError(`Simulation.schedule: delayMs must be an integer >= 0 (ms), got ${delayMs}`);
    }
    return this.enqueue(this.clockMs + delayMs, event, priority);
  }

  /**
   * Schedules `event` at absolute time `tMs`.
   * @param tMs integer ms since the epoch, >= nowMs.
   * @param priority integer, lower first at equal tMs; default {@link NORMAL}.
   * @throws RangeError naming both times if tMs is before nowMs, or naming the value if it is not an integer.
   */
  scheduleAt(tMs: number, event: E, priority: number = NORMAL): EventHandle {
    if (!Number.isSafeInteger(tMs)) throw new RangeError(`Simulation.scheduleAt: tMs must be an integer (ms), got ${tMs}`);
    if (tMs < this.clockMs) {
      throw new RangeError(`Simulation.scheduleAt: t=${tMs} ms is before the current time t=${this.clockMs} ms`);
    }
    return this.enqueue(tMs, event, priority);
  }

  /**
   * Cancels a scheduled event; it will never be dispatched.
   * @returns true if it was pending; false if it had already run or been cancelled.
   * @throws Error if the handle comes from another Simulation.
   */
  cancel(handle: EventHandle): boolean {
    if (!(handle instanceof ScheduledEvent) || handle.owner !== this) {
      throw new Error('Simulation.cancel: the handle was not returned by this Simulation');
    }
    const done = this.queue.cancel((handle as ScheduledEvent<E>).entry);
    if (done) this.cancelledCount++;
    return done;
  }

  /** Time of the next live event in ms, or Infinity if the queue holds none. */
  peek(): number {
    return this.queue.peek()?.tMs ?? Infinity;
  }

  /**
   * Dispatches the next event: advances the clock to its tMs, calls the trace hook, then its handler.
   * @returns false if the queue held no live event (the clock does not move).
   * @throws SimulationError if no handler is registered for the kind, or the hook or handler throws
   *   (the event is consumed and the clock stays at its tMs).
   */
  step(): boolean {
    if (this.dispatching) throw new Error('Simulation.step/run: called from inside an event handler');
    const entry = this.queue.pop();
    if (entry === undefined) return false;
    const { tMs, event } = entry;
    this.clockMs = tMs;
    this.processedCount++;
    const handler = this.handlers.get(event.kind);
    if (handler === undefined) {
      const known = [...this.handlers.keys()].sort().join(', ') || 'none';
      throw new SimulationError(tMs, event.kind, `no handler registered for this kind (registered: ${known})`);
    }
    this.dispatching = true;
    try {
      if (this.onEvent !== undefined) {
        try {
          this.onEvent(tMs, event);
        } catch (error) {
          throw new SimulationError(tMs, event.kind, `onEvent hook threw ${describe(error)}`, { cause: error });
        }
      }
      try {
        handler(event, this);
      } catch (error) {
        throw new SimulationError(tMs, event.kind, `handler threw ${describe(error)}`, { cause: error });
      }
    } finally {
      this.dispatching = false;
    }
    return true;
  }

  /**
   * Runs the loop and returns the number of events dispatched by this call.
   *
   * - Without `untilMs`: until the queue is empty; the clock stays at the last event's time.
   * - With `untilMs` (integer ms >= nowMs): dispatches every event with tMs < untilMs, including
   *   those that handlers schedule along the way, then sets the clock to untilMs. Events at exactly
   *   untilMs stay queued whatever their priority, so `run({untilMs: a}); run({untilMs: b})` covers
   *   [now, a) then [a, b): the same half-open windows as pass and report intervals in qkdsim.
   *   This differs from SimPy, whose `run(until=t)` schedules its stop as an URGENT event at t, so
   *   URGENT events already queued at t still run there and only NORMAL ones wait; SimPy also
   *   rejects until == now, which here is a no-op.
   *
   * If a handler throws, the run stops at once with a {@link SimulationError} and the clock stays at
   * the failing event's time.
   * @throws RangeError naming both times if untilMs < nowMs, or the value if it is not an integer.
   */
  run(options: { untilMs?: number } = {}): number {
    if (this.dispatching) throw new Error('Simulation.step/run: called from inside an event handler');
    const { untilMs } = options;
    let count = 0;
    if (untilMs === undefined) {
      while (this.step()) count++;
      return count;
    }
    if (!Number.isSafeInteger(untilMs)) throw new RangeError(`Simulation.run: untilMs must be an integer (ms), got ${untilMs}`);
    if (untilMs < this.clockMs) {
      throw new RangeError(`Simulation.run: untilMs t=${untilMs} ms is before the current time t=${this.clockMs} ms`);
    }
    while (this.peek() < untilMs) {
      this.step();
      count++;
    }
    this.clockMs = untilMs;
    return count;
  }

  private enqueue(tMs: number, event: E, priority: number): EventHandle {
    if (!Number.isSafeInteger(tMs)) {
      throw new RangeError(`Simulation.schedule: t=${tMs} ms is beyond the safe integer range (now t=${this.clockMs} ms)`);
    }
    if (!Number.isSafeInteger(priority)) throw new RangeError(`Simulation.schedule: priority must be an integer, got ${priority}`);
    const entry = this.queue.push(tMs, priority, event);
    this.scheduledCount++;
    return new ScheduledEvent(this, entry);
  }
}
