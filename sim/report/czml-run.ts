/**
 * The CZML input of a finished run: satellites sampled with SGP4 over the run, placed nodes, the
 * report's passes and fibre pool levels. A thin adapter from the run report (and its scenario) to
 * czml.ts's {@link CzmlInput}, kept apart so that a change in how runs store results touches only this.
 * @module
 */
import type { Scenario } from '../scenario/model.js';
import type { RunResult } from '../run/index.js';
import type { RunReport } from './run-report.js';
import type { CzmlInput, CzmlNode } from './czml.js';

/** Most position samples per satellite (about 3 MB of CZML each). */
export const MAX_CZML_SAMPLES = 100_000;

/** The sample step: `stepMs` if given, else 60 s, widened so a satellite has at most MAX_CZML_SAMPLES. */
export function czmlStepMs(durationMs: number, stepMs?: number): number {
  return stepMs ?? Math.max(60_000, Math.ceil(durationMs / MAX_CZML_SAMPLES / 1000) * 1000);
}

/** Satellites sampled every stepMs over the run, and the placed nodes: what every CZML input shares. */
function satellitesAndNodes(scenario: Scenario, stepMs: number): Pick<CzmlInput, 'satellites' | 'nodes'> {
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
  return { satellites, nodes };
}

/**
 * Builds the CZML input of a run from its scenario and a report in full detail (the dashboard keeps
 * reports). @throws RangeError for a summary report: its passes and pool series are in files.
 */
export function czmlInputFromRun(scenario: Scenario, report: RunReport, stepMs = czmlStepMs(scenario.durationMs)): CzmlInput {
  if (!report.passes || !report.poolSeries) throw new RangeError('CZML needs the per-pass records and pool series of a report in full detail');
  const { startUtcMs, endUtcMs } = scenario;
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
  const series = report.poolSeries;
  const tUtcMs = series.tS.map((s) => startUtcMs + s * 1000);
  const pools = scenario.links
    .filter((l) => l.kind === 'fiber')
    .map((l) => ({ linkId: l.id, from: l.from, to: l.to, capacityBits: l.pool.capacityBits, tUtcMs, levelBits: series.levels[l.id] ?? [] }));
  return { name: scenario.name, startUtcMs, endUtcMs, ...satellitesAndNodes(scenario, stepMs), passes, pools };
}

/**
 * Builds the CZML input straight from a run's result (any report detail; the run must have kept its
 * pool series). Pass times are the report's (whole ms), so both adapters give the same CZML.
 */
export function czmlInputFromResult(result: RunResult, stepMs = czmlStepMs(result.scenario.durationMs)): CzmlInput {
  const { scenario } = result;
  const { startUtcMs, endUtcMs } = scenario;
  const linkById = new Map(scenario.links.map((l) => [l.id, l]));
  const passes = result.passes.map((p, i) => ({
    satelliteId: linkById.get(p.linkId)!.from,
    stationId: linkById.get(p.linkId)!.to,
    linkId: p.linkId,
    riseUtcMs: Math.round(p.pass.riseMs),
    setUtcMs: Math.round(p.pass.setMs),
    keyWindow: p.pass.keyWindow ? { startUtcMs: Math.round(p.pass.keyWindow.startMs), endUtcMs: Math.round(p.pass.keyWindow.endMs) } : null,
    outcome: result.passOutcomes[i]!,
    deliveredBits: result.passDeliveredBits[i]!,
  }));
  const tUtcMs = result.series.tMs.map((t) => startUtcMs + t);
  const pools = scenario.links.flatMap((l, i) =>
    l.kind === 'fiber' ? [{ linkId: l.id, from: l.from, to: l.to, capacityBits: l.pool.capacityBits, tUtcMs, levelBits: [...(result.series.levels[i] ?? [])] }] : [],
  );
  return { name: scenario.name, startUtcMs, endUtcMs, ...satellitesAndNodes(scenario, stepMs), passes, pools };
}
