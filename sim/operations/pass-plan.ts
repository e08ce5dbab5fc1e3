/**
 * The satellite passes of a scenario and the key each one yields: one pass search per satellite
 * and group of downlinks sharing a key mask and night threshold (every station of a group shares
 * the SGP4 samples), then the key of each pass from its link's downlink model.
 * @module
 */
import { keyForPass, type PassKeyResult } from '../links/index.js';
import { Observer, SunEphemeris, findPasses, type Pass } from '../orbit/index.js';
import { utcToSimMs } from '../orbit/time.js';
import type { ResolvedDownlink, Scenario } from '../scenario/model.js';

/** What a pass yields for its link. */
export type PassOutcome = 'keyed' | 'no-key' | 'daylight' | 'below-key-mask';

/** A pass over a downlink's station with its key. */
export interface PlannedPass {
  readonly linkId: string;
  readonly pass: Pass;
  /** The key-window result, or null without a key window. */
  readonly key: PassKeyResult | null;
  /** Whole secret bits (finite key) the pass delivers to the link's pool. */
  readonly secretBits: number;
  readonly outcome: PassOutcome;
  /** When the key is distilled and enters the pool: the end of the key window, tMs (null without key). */
  readonly distilledMs: number | null;
}

/** Passes of every downlink over the scenario's span, in time order (then link id). */
export function planPasses(scenario: Scenario, sun: SunEphemeris = new SunEphemeris()): PlannedPass[] {
  const downlinks = scenario.links.filter((l): l is ResolvedDownlink => l.kind === 'downlink');
  const groups = new Map<string, ResolvedDownlink[]>();
  for (const l of downlinks) {
    const key = `${l.from}\u0000${l.params.minElevationDeg}\u0000${l.params.maxSunElevationDeg}`;
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
    const stationIds = [...new Set(links.map((l) => l.to))];
    const observers = stationIds.map((id) => new Observer(stationById.get(id)!));
    const passes = findPasses([sat], observers, scenario.startUtcMs, scenario.endUtcMs, {
      minElevationDeg: scenario.passes.minElevationDeg,
      keyMaskDeg: first.params.minElevationDeg,
      sunMaxElevationDeg: first.params.maxSunElevationDeg,
      sun,
    });
    for (const pass of passes) {
      const observer = observers[stationIds.indexOf(pass.station)]!;
      for (const link of links) {
        if (link.to !== pass.station) continue;
        const key = keyForPass(sat, observer, pass, link.params);
        const secretBits = key ? Math.floor(key.secretBits) : 0;
        const outcome: PassOutcome = pass.keyWindow === null
          ? pass.maxElevationDeg < link.params.minElevationDeg ? 'below-key-mask' : 'daylight'
          : secretBits > 0 ? 'keyed' : 'no-key';
        out.push({
          linkId: link.id,
          pass,
          key,
          secretBits,
          outcome,
          distilledMs: pass.keyWindow ? utcToSimMs(pass.keyWindow.endMs, scenario.startUtcMs) : null,
        });
      }
    }
  }
  return out.sort((a, b) => a.pass.riseMs - b.pass.riseMs || (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0));
}
