/**
 * What happens to each pass beyond its geometry: the weather of its night (a clouded pass yields no
 * key), the satellite's choice when two stations see it at once (the others are not scheduled),
 * and the key-per-night tally of every station with a downlink.
 * @module
 */
import type { RandomStreams } from '../engine/index.js';
import type { Scenario, SchedulingPolicy } from '../scenario/model.js';
import { STREAM_NAMES } from '../scenario/streams.js';
import type { PassOutcome, PlannedPass } from './pass-plan.js';
import { choosePasses, conflictClusters, type Candidate } from './scheduling.js';
import { NightWeather, nightDate, nightIndex } from '../environment/weather.js';

/** Every outcome a pass can have in a run. */
export type RunPassOutcome = PassOutcome | 'clouded' | 'not-scheduled';

/** A cluster of conflicting passes (one satellite or one station), decided at its first key-window start. */
export interface ConflictCluster {
  readonly startMs: number;
  readonly members: readonly Candidate[];
}

/** Key delivered to one station on one night. */
export interface NightRecord {
  readonly station: string;
  /** Evening date of the night (local mean time at the station), YYYY-MM-DD. */
  readonly night: string;
  /** Clear (true), clouded (false), or null when the station has no weather model. */
  readonly clear: boolean | null;
  /** Passes with a key window that night, those that delivered key, and the bits delivered. */
  readonly passes: number;
  readonly keyedPasses: number;
  readonly deliveredBits: number;
}

/** Weather, scheduling and nights of a run's passes. */
export class SatelliteOps {
  readonly outcomes: RunPassOutcome[];
  readonly clusters: ConflictCluster[] = [];
  private readonly weather = new Map<string, NightWeather>();
  private readonly lonOf = new Map<string, number>();
  private readonly satOfLink = new Map<string, string>();
  private readonly stationOfLink = new Map<string, string>();
  private readonly policyOf = new Map<string, SchedulingPolicy>();

  constructor(
    private readonly scenario: Scenario,
    private readonly passes: readonly PlannedPass[],
    streams: RandomStreams,
  ) {
    for (const s of scenario.stations) {
      this.lonOf.set(s.id, s.lonDeg);
      if (s.weather) this.weather.set(s.id, new NightWeather(s.weather, streams.stream(STREAM_NAMES.weather(s.id)), nightIndex(scenario.startUtcMs, s.lonDeg)));
    }
    for (const sat of scenario.satellites) this.policyOf.set(sat.id, sat.scheduling);
    for (const l of scenario.links) {
      if (l.kind !== 'downlink') continue;
      this.satOfLink.set(l.id, l.from);
      this.stationOfLink.set(l.id, l.to);
    }
    // Cheap first: no key window (daylight, below the key mask), then the weather of its night
    // (each station's nights are drawn in order from its own stream, whatever the order asked); only
    // a pass under a clear sky has its key integrated, to tell keyed from no-key.
    this.outcomes = passes.map((p) => {
      if (p.pass.keyWindow === null) return p.outcome;
      const w = this.weather.get(p.pass.station);
      return w && !w.isClear(this.night(p)) ? 'clouded' : p.outcome;
    });
    // Then the conflicts (one satellite, one station at a time) among the passes that would deliver key.
    const candidates: Candidate[] = [];
    passes.forEach((p, index) => {
      if (this.outcomes[index] !== 'keyed' || !p.pass.keyWindow) return;
      candidates.push({
        index,
        startMs: p.pass.keyWindow.startMs - scenario.startUtcMs,
        endMs: p.pass.keyWindow.endMs - scenario.startUtcMs,
        maxElevationDeg: p.pass.maxElevationDeg,
        stationId: p.pass.station,
        satelliteId: this.satOfLink.get(p.linkId)!,
      });
    });
    for (const members of conflictClusters(candidates)) {
      if (members.length > 1) this.clusters.push({ startMs: Math.max(0, members[0]!.startMs), members });
    }
  }

  /** The night a pass belongs to (at its culmination). */
  private night(p: PlannedPass): number {
    return nightIndex(p.pass.culminationMs, this.lonOf.get(p.pass.station) ?? 0);
  }

  /** Decides a cluster: the passes not chosen become 'not-scheduled'. */
  decide(cluster: ConflictCluster, storedBits: (c: Candidate) => number): void {
    const policies = new Set(cluster.members.map((m) => this.policyOf.get(m.satelliteId) ?? 'highest-elevation'));
    const policy = policies.size === 1 ? [...policies][0]! : 'highest-elevation';
    const chosen = choosePasses(cluster.members, policy, storedBits);
    for (const m of cluster.members) if (!chosen.has(m.index)) this.outcomes[m.index] = 'not-scheduled';
  }

  /** Per station (with a pass that had a key window) and night index: passes, keyed ones, bits delivered. */
  private readonly nightTallies = new Map<string, Map<number, { passes: number; keyed: number; bits: number }>>();

  /** Counts a final pass in its station's night (the run calls this once per pass). */
  countNight(p: PlannedPass, deliveredBits: number): void {
    if (!p.pass.keyWindow) return;
    let byNight = this.nightTallies.get(p.pass.station);
    if (!byNight) this.nightTallies.set(p.pass.station, (byNight = new Map()));
    const n = this.night(p);
    let t = byNight.get(n);
    if (!t) byNight.set(n, (t = { passes: 0, keyed: 0, bits: 0 }));
    t.passes++;
    if (deliveredBits > 0) t.keyed++;
    t.bits += deliveredBits;
  }

  /** Key delivered per station and night, for every night of the span at stations with downlinks (after every pass is counted). */
  nights(): NightRecord[] {
    const stations = [...new Set(this.stationOfLink.values())].sort();
    const { startUtcMs, endUtcMs } = this.scenario;
    const tallies = this.nightTallies;
    const out: NightRecord[] = [];
    for (const station of stations) {
      const lon = this.lonOf.get(station) ?? 0;
      const first = nightIndex(startUtcMs, lon);
      const last = nightIndex(endUtcMs - 1, lon);
      const tally = tallies.get(station);
      const w = this.weather.get(station);
      for (let n = first; n <= last; n++) {
        const t = tally?.get(n) ?? { passes: 0, keyed: 0, bits: 0 };
        out.push({ station, night: nightDate(n), clear: w ? w.isClear(n) : null, passes: t.passes, keyedPasses: t.keyed, deliveredBits: t.bits });
      }
    }
    return out;
  }
}
