/**
 * Wall-clock pacing of a live run: simulated time follows the wall clock scaled by `speed`
 * (simulated seconds per wall second), from a starting simulated time. The engine never waits for
 * a timer (sim/ reads no wall clock): this class reads the wall clock and moves the run forward to
 * "now" whenever asked, as SimPy's rt.py drives its core from outside.
 *
 *   tMs(wall) = min(durationMs, fromMs + floor((wall - wallStart) * speed))
 *
 * Simulated time therefore never goes backwards and stops at the end of the span; the run stays
 * open there (key can still be taken from what the pools hold, but no more is generated).
 * @module
 */
import type { LiveRun } from '../../sim/run/index.js';

/** Options of {@link WallPacer}. */
export interface PacerOptions {
  /** Simulated seconds per wall second, > 0. */
  readonly speed: number;
  /** Simulated time at the start, ms after the scenario start (the run is advanced to it at once). */
  readonly fromMs?: number;
  /** The wall clock, ms (default performance.now); tests pass their own. */
  readonly wallMs?: () => number;
}

/** Moves a LiveRun along with the wall clock. */
export class WallPacer {
  readonly speed: number;
  readonly fromMs: number;
  private readonly wallMs: () => number;
  private readonly wallStartMs: number;

  constructor(
    private readonly run: LiveRun,
    options: PacerOptions,
  ) {
    if (!(options.speed > 0 && Number.isFinite(options.speed))) throw new RangeError(`WallPacer: speed must be a finite number > 0, got ${options.speed}`);
    const fromMs = options.fromMs ?? 0;
    if (!(Number.isSafeInteger(fromMs) && fromMs >= 0 && fromMs <= run.scenario.durationMs)) {
      throw new RangeError(`WallPacer: fromMs must be an integer in [0, ${run.scenario.durationMs}], got ${fromMs}`);
    }
    this.speed = options.speed;
    this.fromMs = fromMs;
    this.wallMs = options.wallMs ?? (() => performance.now());
    run.advanceTo(Math.max(run.nowMs, fromMs));
    this.wallStartMs = this.wallMs();
  }

  /** The simulated time the wall clock says it is now, ms after the scenario start. */
  targetMs(): number {
    const elapsed = Math.max(0, this.wallMs() - this.wallStartMs);
    return Math.min(this.run.scenario.durationMs, this.fromMs + Math.floor(elapsed * this.speed));
  }

  /** Advances the run to the wall clock's simulated time and returns it. */
  sync(): number {
    const target = this.targetMs();
    if (target > this.run.nowMs) this.run.advanceTo(target);
    return this.run.nowMs;
  }

  /** True once simulated time has reached the end of the span. */
  get ended(): boolean {
    return this.run.nowMs >= this.run.scenario.durationMs;
  }
}
