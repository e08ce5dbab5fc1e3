/**
 * The GeoJSON of a scenario (ground tracks over a window, footprints, the placed network), shared by
 * `qkdsim geojson` and the dashboard's /api/runs/:id/geojson. A thin adapter: the geometry is
 * sim/orbit/geojson.ts's.
 * @module
 */
import { groundTracks, networkGeoJson, type FeatureCollection, type GeoNode } from '../orbit/index.js';
import type { Scenario } from '../scenario/model.js';

/** Window and sampling of the tracks. */
export interface GeoJsonWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  /** A footprint every this many track samples (0: none). */
  readonly footprintEvery: number;
}

/** Ground tracks, footprints, nodes and fibre links of a scenario. */
export function scenarioGeoJson(scenario: Scenario, w: GeoJsonWindow): FeatureCollection {
  const nodes: GeoNode[] = scenario.nodes.flatMap((n) => (n.latDeg !== undefined && n.lonDeg !== undefined ? [{ id: n.id, kind: n.kind, name: n.name, latDeg: n.latDeg, lonDeg: n.lonDeg }] : []));
  return networkGeoJson({
    tracks: groundTracks(scenario.satellites, scenario.passes.minElevationDeg, w.fromMs, w.toMs, w.stepMs),
    footprintEvery: w.footprintEvery,
    nodes,
    links: scenario.links.map((l) => ({ id: l.id, kind: l.kind, from: l.from, to: l.to })),
  });
}
