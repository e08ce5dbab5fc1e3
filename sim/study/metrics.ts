/**
 * What a study collects from each run: named metrics, each a set of numbers keyed by station,
 * link or demand plus one network-wide headline key (`keyBitsPerDay.total`). Every metric is a pure
 * function of a RunResult.
 * @module
 */
import { nightDate, nightIndex } from '../environment/index.js';
import type { RunResult } from '../run/index.js';
import { DAY_MS } from '../orbit/time.js';


/** A metric's values for one run: key (station, link, demand or the headline key) -> number. */
export type MetricValues = Record<string, number>;

/** A metric: its name, unit, meaning, headline key and how to compute it. */
export interface MetricDef {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** The network-wide key shown by default in tables. */
  readonly headline: string;
  readonly compute: (run: RunResult) => MetricValues;
}

/** Stations with downlinks, in scenario order. */
function downlinkStations(run: RunResult): string[] {
  const used = new Set(run.scenario.links.filter((l) => l.kind === 'downlink').map((l) => l.to));
  return run.scenario.stations.map((s) => s.id).filter((id) => used.has(id));
}

/** Per station, a sum over the passes to it; plus `total`. */
function perStationPasses(run: RunResult, value: (i: number) => number, scale: number): MetricValues {
  const stations = downlinkStations(run);
  const sums = new Map(stations.map((s) => [s, 0]));
  run.passes.forEach((p, i) => sums.set(p.pass.station, (sums.get(p.pass.station) ?? 0) + value(i)));
  const out: MetricValues = {};
  let total = 0;
  for (const s of stations) {
    out[s] = sums.get(s)! * scale;
    total += sums.get(s)!;
  }
  out.total = total * scale;
  return out;
}

/** Nights per station (from run.nights) with a predicate, as a fraction or count, plus `network`. */
function perStationNights(run: RunResult, hit: (station: string, night: string) => boolean, as: 'fraction' | 'missCount'): MetricValues {
  const out: MetricValues = {};
  const byDate = new Map<string, boolean>();
  for (const s of downlinkStations(run)) {
    const nights = run.nights.filter((n) => n.station === s);
    const hits = nights.filter((n) => hit(s, n.night)).length;
    out[s] = as === 'fraction' ? (nights.length > 0 ? hits / nights.length : 0) : nights.length - hits;
    for (const n of nights) byDate.set(n.night, (byDate.get(n.night) ?? false) || hit(s, n.night));
  }
  const dates = [...byDate.values()];
  const hitDates = dates.filter(Boolean).length;
  out.network = as === 'fraction' ? (dates.length > 0 ? hitDates / dates.length : 0) : dates.length - hitDates;
  return out;
}

/** Nights (by station) on which some station received key. */
function keyedNights(run: RunResult): (station: string, night: string) => boolean {
  const set = new Set(run.nights.filter((n) => n.deliveredBits > 0).map((n) => `${n.station}\u0000${n.night}`));
  return (s, night) => set.has(`${s}\u0000${night}`);
}

/** Nights with a pass that would have delivered key under a clear sky (weather and scheduling aside). */
function usableNights(run: RunResult): (station: string, night: string) => boolean {
  const lon = new Map(run.scenario.stations.map((s) => [s.id, s.lonDeg]));
  const set = new Set<string>();
  for (const p of run.passes) {
    if (p.outcome !== 'keyed') continue;
    const n = nightIndex(p.pass.culminationMs, lon.get(p.pass.station) ?? 0);
    set.add(`${p.pass.station}\u0000${nightDate(n)}`);
  }
  return (s, night) => set.has(`${s}\u0000${night}`);
}

/**
 * Per station, the share of the key its keyed passes would have made that was lost to one-at-a-time
 * scheduling (passes reported not-scheduled: the satellite served another station, or the station's
 * telescope tracked another satellite), and the share over all stations.
 */
function unscheduledKey(run: RunResult): MetricValues {
  const lost = perStationPasses(run, (i) => (run.passOutcomes[i] === 'not-scheduled' ? run.passes[i]!.secretBits : 0), 1);
  const made = perStationPasses(run, (i) => (run.passOutcomes[i] === 'keyed' || run.passOutcomes[i] === 'not-scheduled' ? run.passes[i]!.secretBits : 0), 1);
  const out: MetricValues = {};
  for (const k of Object.keys(made)) out[k] = made[k]! > 0 ? lost[k]! / made[k]! : 0;
  return out;
}

/** Every metric a study can collect, by name. */
export const METRICS: readonly MetricDef[] = [
  {
    name: 'keyBitsPerDay',
    unit: 'bit/day',
    description: 'secret key delivered to each station per day (all satellites), and the total',
    headline: 'total',
    compute: (run) => perStationPasses(run, (i) => run.passDeliveredBits[i]!, DAY_MS / run.scenario.durationMs),
  },
  {
    name: 'keyedPassesPerDay',
    unit: 'passes/day',
    description: 'passes that delivered key, per station per day, and the total',
    headline: 'total',
    compute: (run) => perStationPasses(run, (i) => (run.passDeliveredBits[i]! > 0 ? 1 : 0), DAY_MS / run.scenario.durationMs),
  },
  {
    name: 'nightsWithKeyFraction',
    unit: 'fraction',
    description: 'fraction of nights on which each station received key (weather included); network: on which any station did',
    headline: 'network',
    compute: (run) => perStationNights(run, keyedNights(run), 'fraction'),
  },
  {
    name: 'nightsWithPassFraction',
    unit: 'fraction',
    description: 'fraction of nights with at least one usable pass (one that yields key under a clear sky) at each station; network: at any station',
    headline: 'network',
    compute: (run) => perStationNights(run, usableNights(run), 'fraction'),
  },
  {
    name: 'nightsWithoutKey',
    unit: 'nights',
    description: 'nights on which each station received no key; network: nights on which no station did',
    headline: 'network',
    compute: (run) => perStationNights(run, keyedNights(run), 'missCount'),
  },
  {
    name: 'discardedKeyFraction',
    unit: 'fraction',
    description: 'share of the key made by passes to each station (and in total) that was discarded because the pool (or the on-board store) was full',
    headline: 'total',
    compute: (run) => {
      const made = perStationPasses(run, (i) => (run.passOutcomes[i] === 'keyed' ? run.passes[i]!.secretBits : 0), 1);
      const kept = perStationPasses(run, (i) => run.passDeliveredBits[i]!, 1);
      const out: MetricValues = {};
      for (const k of Object.keys(made)) out[k] = made[k]! > 0 ? Math.max(0, 1 - kept[k]! / made[k]!) : 0;
      return out;
    },
  },
  {
    name: 'unscheduledKeyFraction',
    unit: 'fraction',
    description: 'share of the key that keyed passes would have made but lost to one-at-a-time scheduling (not-scheduled passes), per station and in total',
    headline: 'total',
    compute: unscheduledKey,
  },
  {
    name: 'servedFraction',
    unit: 'fraction',
    description: 'fraction of the requested key served, per demand and in total (served bits / requested bits)',
    headline: 'total',
    compute: (run) => {
      const out: MetricValues = {};
      let requested = 0;
      let served = 0;
      for (const d of run.demands) {
        out[d.id] = d.servedFraction;
        requested += d.requestedBits;
        served += d.servedBits;
      }
      out.total = requested > 0 ? served / requested : 1;
      return out;
    },
  },
  {
    name: 'minPoolBits',
    unit: 'bit',
    description: 'lowest sampled key-pool level of each link, and the lowest of all (min)',
    headline: 'min',
    compute: (run) => {
      const out: MetricValues = {};
      let lowest = Infinity;
      run.scenario.links.forEach((l, i) => {
        const levels = run.series.levels[i] ?? [];
        const m = levels.length > 0 ? Math.min(...levels) : 0;
        out[l.id] = m;
        lowest = Math.min(lowest, m);
      });
      out.min = Number.isFinite(lowest) ? lowest : 0;
      return out;
    },
  },
];

/** The metric of a name, or undefined. */
export function findMetric(name: string): MetricDef | undefined {
  return METRICS.find((m) => m.name === name);
}

/** The values of the named metrics for a run: metric name -> key -> number. */
export function computeMetrics(run: RunResult, names: readonly string[]): Record<string, MetricValues> {
  const out: Record<string, MetricValues> = {};
  for (const name of names) out[name] = findMetric(name)!.compute(run);
  return out;
}
