/** Hand-built scenarios for network tests (no file loading involved). */
import type { Scenario, ResolvedLink, ResolvedDemand, NetworkNode } from '../../sim/scenario/model.js';

const DAY = 86_400_000;

/** A fibre link with a fixed rate. */
export function fiber(id: string, from: string, to: string, rateBps: number, pool: Partial<{ capacityBits: number; initialBits: number; warningBits: number }> = {}): ResolvedLink {
  return {
    id, kind: 'fiber', from, to, lengthKm: null, measuredRateBps: rateBps, preset: 'lim-2014', params: null,
    pool: { capacityBits: pool.capacityBits ?? 10_000, initialBits: pool.initialBits ?? 0, warningBits: pool.warningBits ?? 100 },
    outages: [], faults: null,
  };
}

/** A ground-only scenario over `durationMs` with the given nodes, links and demands. */
export function groundScenario(nodeIds: string[], links: ResolvedLink[], demands: ResolvedDemand[], durationMs: number, extra: Partial<Scenario> = {}): Scenario {
  const start = Date.UTC(2020, 0, 1);
  const satIds = new Set((extra.satellites ?? []).map((s) => s.id));
  const stationIds = new Set((extra.stations ?? []).map((s) => s.id));
  const nodes: NetworkNode[] = [...nodeIds, ...satIds, ...stationIds]
    .filter((id, i, all) => all.indexOf(id) === i)
    .sort()
    .map((id) => ({ id, kind: satIds.has(id) ? 'satellite' : stationIds.has(id) ? 'station' : 'relay', name: id }));
  return {
    name: 'hand', description: '', file: null, fileHash: '0', inputFiles: [], startUtcMs: start, endUtcMs: start + durationMs, durationMs, seed: 1,
    satellites: [], stations: [], nodes, links, demands,
    routing: { policy: 'key-aware', warningPenalty: 4, emptyPenalty: 100 },
    passes: { minElevationDeg: 10 },
    output: { sampleIntervalS: 100, detail: 'auto' },
    warnings: [],
    ...extra,
  };
}

export { DAY };

import type { PlannedPass } from '../../sim/operations/index.js';
import type { Satellite } from '../../sim/orbit/index.js';
import type { ResolvedSatellite, ResolvedStation } from '../../sim/scenario/model.js';

/** Start of every hand-built scenario, Unix ms. */
export const T0 = Date.UTC(2020, 0, 1);

/** A pass with a key window [startS, endS] (seconds after T0) delivering `bits` to `linkId`. */
export function fakePass(linkId: string, station: string, startS: number, endS: number, bits: number, maxElevationDeg = 45): PlannedPass {
  const startMs = T0 + startS * 1000;
  const endMs = T0 + endS * 1000;
  return {
    linkId,
    pass: {
      satellite: 'S', catalogNumber: '99999', station, riseMs: startMs, culminationMs: (startMs + endMs) / 2, setMs: endMs,
      riseClipped: false, setClipped: false, culminationsMs: [(startMs + endMs) / 2], maxElevationDeg, rangeAtCulminationKm: 600,
      riseAzimuthDeg: 0, setAzimuthDeg: 180, durationS: endS - startS, sunElevationAtCulminationDeg: -40, night: true,
      satelliteSunlit: false, keyWindow: { startMs, endMs }, tleEpochMs: T0,
    },
    key: null,
    secretBits: bits,
    outcome: 'keyed',
    distilledMs: endS * 1000,
  };
}

/** A satellite entry for hand-built scenarios (its orbit is never propagated when passes are given). */
export function fakeSatellite(id: string, options: Partial<Pick<ResolvedSatellite, 'onboardCapacityBits' | 'keyLifetimeMs' | 'scheduling'>> = {}): ResolvedSatellite {
  return { id, satellite: { name: id } as unknown as Satellite, onboardCapacityBits: null, keyLifetimeMs: null, scheduling: 'highest-elevation', ...options };
}

/** A station at a longitude (for night boundaries), optionally with a weather model. */
export function fakeStation(id: string, lonDeg = 0, weather: ResolvedStation['weather'] = null): ResolvedStation {
  return { id, name: id, latDeg: 40, lonDeg, altM: 0, weather };
}

/** A downlink link with a pool. */
export function downlink(id: string, sat: string, station: string, pool: Partial<{ capacityBits: number; initialBits: number; warningBits: number }> = {}): ResolvedLink {
  return {
    id, kind: 'downlink', from: sat, to: station, preset: 'micius-2017', params: {} as never,
    pool: { capacityBits: pool.capacityBits ?? 1_000_000, initialBits: pool.initialBits ?? 0, warningBits: pool.warningBits ?? 100 },
  };
}
