/**
 * Clear and cloudy nights per station: a two-state Markov chain over consecutive nights.
 *
 * With long-run clear probability p (of the night's month) and lag-1 correlation r, the chain
 * keeps p as its stationary probability and r as the correlation of neighbouring nights:
 *   P(clear | clear yesterday)  = p + r (1 - p)
 *   P(clear | cloudy yesterday) = p (1 - r)
 * (the standard two-state persistence model, e.g. Wilks, "Statistical Methods in the Atmospheric
 * Sciences", 3rd ed., sec. 9.2.2). The first night is drawn with probability p. Each station draws
 * from its own named stream, `weather:<station>`, night after night in time order, so the weather of
 * one station never depends on another or on which passes happen.
 * @module
 */
import type { Rng } from '../engine/index.js';
import type { StationWeather } from '../scenario/model.js';
import { DAY_MS } from '../orbit/time.js';

const HALF_DAY_MS = DAY_MS / 2;

/**
 * Index of the night an instant belongs to at a longitude: nights run from local mean noon to local
 * mean noon, numbered by the day (since 1970-01-01) of their evening.
 */
export function nightIndex(utcMs: number, lonDeg: number): number {
  const localMs = utcMs + (lonDeg / 15) * 3_600_000;
  return Math.floor((localMs - HALF_DAY_MS) / DAY_MS);
}

/** The evening date of a night index, `YYYY-MM-DD`. */
export function nightDate(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

/** Draws and remembers the clear/cloudy state of each night of one station. */
export class NightWeather {
  private readonly states = new Map<number, boolean>();
  private last: { index: number; clear: boolean } | null = null;

  /**
   * @param firstNight the first night of the run: the chain starts there, so a night's weather does
   *   not depend on which nights happened to have passes
   */
  constructor(
    private readonly weather: StationWeather,
    private readonly rng: Rng,
    private readonly firstNight = 0,
  ) {}

  /** Whether night `index` (>= the first night) is clear. */
  isClear(index: number): boolean {
    const known = this.states.get(index);
    if (known !== undefined) return known;
    if (index < this.firstNight) throw new RangeError(`night ${index} is before the first night ${this.firstNight}`);
    // Walk the chain night by night from the last drawn night (or from the first night).
    let prev = this.last;
    for (let k = prev ? prev.index + 1 : this.firstNight; k <= index; k++) {
      const p = this.weather.clearProbabilityByMonth[new Date(k * DAY_MS).getUTCMonth()]!;
      const r = this.weather.persistence;
      const pClear = prev === null ? p : prev.clear ? p + r * (1 - p) : p * (1 - r);
      const clear = this.rng.next() < pClear;
      this.states.set(k, clear);
      prev = { index: k, clear };
    }
    this.last = prev;
    return this.states.get(index)!;
  }
}
