/**
 * The CZML input of a finished run: satellites sampled with SGP4 over the run, placed nodes, the
 * report's passes and fibre pool levels. A thin adapter from the run report (and its scenario) to
 * czml.ts's {@link CzmlInput}, kept apart so that a change in how runs store results touches only this.
 * @module
 */
import type { Scenario } from '../scenario/model.js';
import type { RunReport } from './run-report.js';
import type { CzmlInput, CzmlNode } from './czml.js';

/** Most position samples per satellite (about 3 MB of CZML each). */
export const MAX_CZML_SAMPLES = 100_000;

/** The sample step: `stepMs` if given, else 60 s, widened so a satellite has at most MAX_CZML_SAMPLES. */
export function czmlStepMs(durationMs: number, stepMs?: number): number {
  return stepMs ?? Math.max(60_000, Math.ceil(durationMs / MAX_CZML_SAMPLES / 1000) * 1000);
}

/** Builds the CZML input of a run from its scenario and report. */
export function czmlInputFromRun(scenario: Scenario, report: RunReport, stepMs = czmlStepMs(scenario.durationMs)): CzmlInput {
  const { startUtcMs, endUtcMs } = scenario;
  const state = new Float64Array(6);
  const satellites = scenario.satellites.map(({ id, satellite }) => {
    const tUtcMs: number[] = [];
    const posEcfM: number[] = [];
    for (let t = startUtcMs; ; t = Math.min(t + stepMs, endUtcMs)) {
      satellite.stateEcf(t, state);
      tUtcMs.push(t);
      posEcfM.push(state[0]! * 1000, state[1]! * 1000, state[2]! * 1000);
      if (t >= endUtcMs) break;
    }
    return { id, name: satellite.name, tUtcMs, posEcfM };
  });
  const altM = new Map(scenario.stations.map((s) => [s.id, s.altM]));
  const nodes: CzmlNode[] = scenario.nodes.flatMap((n) =>
    n.kind !== 'satellite' && n.latDeg !== undefined && n.lonDeg !== undefined ? [{ id: n.id, kind: n.kind, name: n.name, latDeg: n.latDeg, lonDeg: n.lonDeg, altM: altM.get(n.id) ?? 0 }] : [],
  );
  const linkById = new Map(scenario.links.map((l) => [l.id, l]));
  const passes = report.passes.map((p) => ({
    satelliteId: linkById.get(p.link)!.from,
    stationId: linkById.get(p.link)!.to,
    linkId: p.link,
    riseUtcMs: Date.parse(p.rise),
    setUtcMs: Date.parse(p.set),
    keyWindow: p.keyWindowStart !== null && p.keyWindowEnd !== null ? { startUtcMs: Date.parse(p.keyWindowStart), endUtcMs: Date.parse(p.keyWindowEnd) } : null,
    outcome: p.outcome,
    deliveredBits: p.deliveredBits,
  }));
  const tUtcMs = report.poolSeries.tS.map((s) => startUtcMs + s * 1000);
  const pools = scenario.links
    .filter((l) => l.kind === 'fiber')
    .map((l) => ({ linkId: l.id, from: l.from, to: l.to, capacityBits: l.pool.capacityBits, tUtcMs, levelBits: report.poolSeries.levels[l.id] ?? [] }));
  return { name: scenario.name, startUtcMs, endUtcMs, satellites, nodes, passes, pools };
}
