/**
 * The satellite passes of a scenario and the key each one yields: one pass search per satellite
 * and group of downlinks sharing a key mask and night threshold (every station of a group shares
 * the SGP4 samples), then the key of each pass from its link's downlink model.
 *
 * Cheap decisions first: a pass's key is integrated only when something asks for it (its outcome,
 * its secret bits, or its key record), and never for a pass without a key window (daylight, below
 * the key mask). The run asks only for passes that can deliver key (a clear night: weather is
 * decided before), so a clouded pass costs no integration unless a report row shows its key. Keys
 * are remembered, so runs that share a plan (a study's replications) integrate each pass once.
 * @module
 */
import { keyForPass, type PassIntegration, type PassKeyResult } from '../links/index.js';
import { Observer, PassTrack, SunEphemeris, findPasses, type Pass, type Satellite } from '../orbit/index.js';
import { utcToSimMs } from '../orbit/time.js';
import type { ResolvedDownlink, Scenario } from '../scenario/model.js';

/** What a pass yields for its link. */
export type PassOutcome = 'keyed' | 'no-key' | 'daylight' | 'below-key-mask';

/** The key of a pass, without the finite-key bound's intermediate values (kept small: runs hold many). */
export type PassKey = Omit<PassKeyResult, 'counts' | 'finiteKey'>;

/** A pass over a downlink's station with its key. */
export interface PlannedPass {
  readonly linkId: string;
  readonly pass: Pass;
  /** The key-window result, or null without a key window. */
  readonly key: PassKey | null;
  /** Whole secret bits (finite key) the pass delivers to the link's pool. */
  readonly secretBits: number;
  readonly outcome: PassOutcome;
  /** When the key is distilled and enters the pool: the end of the key window, tMs (null without key). */
  readonly distilledMs: number | null;
}

/** Options of {@link planPasses}. */
export interface PlanOptions {
  /** Sun ephemeris cache to share between plans. */
  readonly sun?: SunEphemeris;
  /** Quadrature of the pass key (default 'gauss'; 'simpson' is the fine reference, see links/pass-key.ts). */
  readonly integration?: PassIntegration;
}

/** Integrates one pass of one downlink: its satellite, station and parameters, fixed. */
type Keyer = (pass: Pass) => PassKey | null;

function compact(r: PassKeyResult | null): PassKey | null {
  if (r === null) return null;
  return {
    keyWindowS: r.keyWindowS,
    keyWindowStartMs: r.keyWindowStartMs,
    keyWindowEndMs: r.keyWindowEndMs,
    siftedBits: r.siftedBits,
    qber: r.qber,
    secretBits: r.secretBits,
    secretBitsAsymptotic: r.secretBitsAsymptotic,
    meanSiftedRateBps: r.meanSiftedRateBps,
    meanSecretKeyRateBps: r.meanSecretKeyRateBps,
  };
}

/** A planned pass whose key is integrated on first use (see the module comment). */
class LazyPlannedPass implements PlannedPass {
  private computed: PassKey | null | undefined = undefined;

  constructor(
    readonly linkId: string,
    readonly pass: Pass,
    private readonly keyer: Keyer,
    private readonly keyMaskDeg: number,
    readonly distilledMs: number | null,
  ) {}

  get key(): PassKey | null {
    if (this.computed === undefined) this.computed = this.pass.keyWindow ? this.keyer(this.pass) : null;
    return this.computed;
  }

  get secretBits(): number {
    const key = this.key;
    return key ? Math.floor(key.secretBits) : 0;
  }

  get outcome(): PassOutcome {
    if (this.pass.keyWindow === null) return this.pass.maxElevationDeg < this.keyMaskDeg ? 'below-key-mask' : 'daylight';
    return this.secretBits > 0 ? 'keyed' : 'no-key';
  }
}

/** Passes of every downlink over the scenario's span, in time order (then link id). */
export function planPasses(scenario: Scenario, options: PlanOptions = {}): PlannedPass[] {
  const sun = options.sun ?? new SunEphemeris();
  const integration = options.integration ?? 'gauss';
  const downlinks = scenario.links.filter((l): l is ResolvedDownlink => l.kind === 'downlink');
  const groups = new Map<string, ResolvedDownlink[]>();
  for (const l of downlinks) {
    const key = `${l.from}\u0000${l.params.keyMaskDeg}\u0000${l.params.sunMaxElevationDeg}`;
    const list = groups.get(key);
    if (list) list.push(l);
    else groups.set(key, [l]);
  }
  const stationById = new Map(scenario.stations.map((s) => [s.id, s]));
  const satById = new Map(scenario.satellites.map((s) => [s.id, s.satellite]));
  const out: PlannedPass[] = [];
  for (const links of groups.values()) {
    const first = links[0]!;
    const sat = satById.get(first.from)!;
    // The group's downlinks by station, each with its keyer.
    const byStation = new Map<string, { link: ResolvedDownlink; keyer: Keyer }[]>();
    const observers = new Map<string, Observer>();
    for (const link of links) {
      let observer = observers.get(link.to);
      if (!observer) observers.set(link.to, (observer = new Observer(stationById.get(link.to)!)));
      const keyer = keyerOf(sat, observer, link, integration);
      const list = byStation.get(link.to);
      if (list) list.push({ link, keyer });
      else byStation.set(link.to, [{ link, keyer }]);
    }
    const passes = findPasses([sat], [...observers.values()], scenario.startUtcMs, scenario.endUtcMs, {
      minElevationDeg: scenario.passes.minElevationDeg,
      keyMaskDeg: first.params.keyMaskDeg,
      sunMaxElevationDeg: first.params.sunMaxElevationDeg,
      sun,
    });
    for (const pass of passes) {
      const distilledMs = pass.keyWindow ? utcToSimMs(pass.keyWindow.endMs, scenario.startUtcMs) : null;
      for (const { link, keyer } of byStation.get(pass.station)!) {
        out.push(new LazyPlannedPass(link.id, pass, keyer, link.params.keyMaskDeg, distilledMs));
      }
    }
  }
  return inPlanOrder(out, downlinks);
}

/**
 * The passes by rise time, then link id (a total order: a link has one pass at a time).
 *
 * Sorted on numbers, not objects (a comparator reading objects and comparing strings took 10 s for
 * the 3 million passes of 1000 satellites x 100 stations x 7 days): each pass gets the key
 * (rise - first rise) x links + its link's rank among the sorted ids, unique and exact below 2^53,
 * and a Float64Array sorts the keys natively. A key names its link (key mod links); that link's
 * passes, kept in the order planned (rising: one search per satellite gives each station's passes
 * in time order), are taken in turn. Where either condition fails (a span x links too large for
 * exact keys, a link's passes out of order) the comparator sort is used: the same order, slower.
 */
export function inPlanOrder(passes: readonly PlannedPass[], downlinks: readonly ResolvedDownlink[]): PlannedPass[] {
  const byRiseThenLink = (a: PlannedPass, b: PlannedPass): number => a.pass.riseMs - b.pass.riseMs || (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0);
  const n = passes.length;
  const ids = downlinks.map((l) => l.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const links = ids.length;
  let firstRiseMs = Infinity;
  let lastRiseMs = -Infinity;
  for (const p of passes) {
    firstRiseMs = Math.min(firstRiseMs, p.pass.riseMs);
    lastRiseMs = Math.max(lastRiseMs, p.pass.riseMs);
  }
  if (n === 0 || (lastRiseMs - firstRiseMs + 1) * links >= Number.MAX_SAFE_INTEGER) return [...passes].sort(byRiseThenLink);
  const rankOf = new Map(ids.map((id, i) => [id, i]));
  const keys = new Float64Array(n);
  const byLink: PlannedPass[][] = new Array(links);
  for (let i = 0; i < n; i++) {
    const p = passes[i]!;
    const rank = rankOf.get(p.linkId)!;
    keys[i] = (p.pass.riseMs - firstRiseMs) * links + rank;
    const list = (byLink[rank] ??= []);
    if (list.length > 0 && list[list.length - 1]!.pass.riseMs >= p.pass.riseMs) return [...passes].sort(byRiseThenLink);
    list.push(p);
  }
  keys.sort();
  const taken = new Int32Array(links);
  const sorted = new Array<PlannedPass>(n);
  for (let k = 0; k < n; k++) {
    const rank = keys[k]! % links;
    sorted[k] = byLink[rank]![taken[rank]!++]!;
  }
  return sorted;
}

function keyerOf(sat: Satellite, observer: Observer, link: ResolvedDownlink, integration: PassIntegration): Keyer {
  const track = new PassTrack(sat, observer);
  return (pass) => compact(keyForPass(sat, observer, pass, link.params, { integration }, track));
}
