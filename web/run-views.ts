/**
 * What the API says about a run: its summary (the list, status and event stream) and its network
 * (known before the run ends: nodes for the map, pool settings for the charts, each downlink's key
 * mask, night threshold and the ground footprint of its key mask for the map).
 * @module
 */
import { DAY_MS } from '../sim/orbit/time.js';
import { footprintHalfAngleDeg } from '../sim/orbit/geodetic.js';
import { keyWindowOptions } from '../sim/links/satellite-pass-key.js';
import type { Scenario } from '../sim/scenario/index.js';
import { apiIssues } from './http.js';
import type { RunRecord } from './runs.js';

/** A run as the API lists it (no report; no scenario internals). */
export function runSummary(r: RunRecord): Record<string, unknown> {
  const s = r.scenario;
  const base = `/api/runs/${r.id}`;
  return {
    id: r.id,
    status: r.status,
    stage: r.stage,
    progress: Math.round(r.progress * 1e4) / 1e4,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    wallS: r.wallS,
    scenario: {
      name: s.name,
      description: s.description,
      origin: r.origin.kind,
      source: r.origin.kind === 'shipped' ? r.origin.name : r.origin.label,
      start: new Date(s.startUtcMs).toISOString(),
      end: new Date(s.endUtcMs).toISOString(),
      days: Math.round((s.durationMs / DAY_MS) * 1e6) / 1e6,
      seed: s.seed,
    },
    error: r.error,
    issues: r.issues ? apiIssues(r.issues) : null,
    links: { self: base, report: `${base}/report`, events: `${base}/events`, track: `${base}/track`, geojson: `${base}/geojson`, czml: `${base}/czml`, demandSeries: `${base}/demand-series` },
  };
}

const r3 = (x: number): number => Math.round(x * 1e3) / 1e3;

/** Distance from the Earth's centre of a satellite at utcMs, km (null when SGP4 fails there). */
function radiusKmAt(s: Scenario['satellites'][number], utcMs: number): number | null {
  const state = new Float64Array(6);
  try {
    s.satellite.stateEcf(utcMs, state);
    return Math.hypot(state[0]!, state[1]!, state[2]!);
  } catch {
    return null;
  }
}

/** The network a run simulates, known before it ends. */
export function runNetwork(s: Scenario): Record<string, unknown> {
  const radius = new Map(s.satellites.map((x) => [x.id, radiusKmAt(x, s.startUtcMs)]));
  return {
    nodes: s.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, latDeg: n.latDeg ?? null, lonDeg: n.lonDeg ?? null })),
    links: s.links.map((l) => {
      const base = { id: l.id, kind: l.kind, from: l.from, to: l.to, ...l.pool };
      if (l.kind !== 'downlink') return base;
      // The ground circle round the station inside which the satellite is above the key mask (at
      // its height at the start): where a pass must go for key, drawn on the map.
      const w = keyWindowOptions(l.params);
      const rKm = radius.get(l.from) ?? null;
      return { ...base, keyMaskDeg: w.keyMaskDeg, sunMaxElevationDeg: w.sunMaxElevationDeg, keyFootprintDeg: rKm === null ? null : r3(footprintHalfAngleDeg(rKm, w.keyMaskDeg)) };
    }),
    satellites: s.satellites.map((x) => ({ id: x.id, name: x.satellite.name })),
    passMaskDeg: s.passes.minElevationDeg,
  };
}
