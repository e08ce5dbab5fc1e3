/** Hand-built scenarios for network tests (no file loading involved). */
import type { Scenario, ResolvedLink, ResolvedDemand, NetworkNode } from '../../sim/scenario/model.js';

const DAY = 86_400_000;

/** A fibre link with a fixed rate. */
export function fiber(id: string, from: string, to: string, rateBps: number, pool: Partial<{ capacityBits: number; initialBits: number; warningBits: number }> = {}): ResolvedLink {
  return {
    id, kind: 'fiber', from, to, lengthKm: null, rateBps, rateSource: 'measured', preset: 'lim-2014', params: null,
    pool: { capacityBits: pool.capacityBits ?? 10_000, initialBits: pool.initialBits ?? 0, warningBits: pool.warningBits ?? 100 },
  };
}

/** A ground-only scenario over `durationMs` with the given nodes, links and demands. */
export function groundScenario(nodeIds: string[], links: ResolvedLink[], demands: ResolvedDemand[], durationMs: number, extra: Partial<Scenario> = {}): Scenario {
  const start = Date.UTC(2020, 0, 1);
  const nodes: NetworkNode[] = [...nodeIds].sort().map((id) => ({ id, kind: 'relay', name: id }));
  return {
    name: 'hand', description: '', file: null, fileHash: '0', startUtcMs: start, endUtcMs: start + durationMs, durationMs, seed: 1,
    satellites: [], stations: [], nodes, links, demands,
    routing: { policy: 'key-aware', warningPenalty: 4, emptyPenalty: 100 },
    passes: { minElevationDeg: 10 },
    output: { sampleIntervalS: 100 },
    warnings: [],
    ...extra,
  };
}

export { DAY };
