/**
 * The random streams of a run, named in one table. sim/engine/rng.ts derives each stream's state
 * from (scenario seed, name), so a stream's draws do not depend on which other streams exist or how
 * much they draw: adding a station never changes another station's weather. The names are part of
 * the results: renaming a stream changes everything drawn from it for the same seed (every shipped
 * scenario's report would change), so they change only here and only on purpose.
 *
 * A run draws from nothing else (test/engine/no-wall-clock.test.ts keeps Math.random out of sim/).
 * @module
 */

/** Stream name for each kind of random draw, from the id of what it is drawn for. */
export const STREAM_NAMES = {
  /** Night-by-night sky state at a ground station (sim/environment/weather.ts). */
  weather: (stationId: string): string => `weather:${stationId}`,
  /** Random failure and repair times of a fibre link (sim/environment/faults.ts). */
  faults: (linkId: string): string => `faults:${linkId}`,
  /** Arrival times and request sizes of a demand (sim/network/requests.ts, sim/run/run.ts). */
  demand: (demandId: string): string => `demand:${demandId}`,
} as const;
