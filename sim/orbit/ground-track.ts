/**
 * Ground tracks: each satellite's sub-satellite point (geodetic), height and visibility footprint at
 * evenly spaced times, from SGP4. The dashboard's map (/api/runs/:id/track) and the GeoJSON writer
 * (geojson.ts) both use this.
 * @module
 */
import { PropagationError } from '../errors.js';
import { ecfToGeodetic, footprintHalfAngleDeg } from './geodetic.js';
import type { Satellite } from './propagate.js';
import { isoUtc } from './time.js';

/** One sample of a ground track. */
export interface TrackPoint {
  readonly t: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altKm: number;
  /** Earth central angle from the sub-satellite point to the edge of visibility above the mask, deg. */
  readonly footprintDeg: number;
}

/** Ground tracks of a set of satellites. */
export interface Tracks {
  readonly from: string;
  readonly to: string;
  readonly stepS: number;
  readonly satellites: readonly {
    readonly id: string;
    readonly name: string;
    /** Elevation mask of the footprint (the scenario's pass mask), deg. */
    readonly maskDeg: number;
    readonly points: readonly TrackPoint[];
  }[];
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Samples [fromMs, toMs] every stepMs (and at toMs). Points where SGP4 fails (a decayed orbit) are
 * left out rather than failing the whole track.
 * @param maskDeg elevation mask of the footprints, degrees
 */
export function groundTracks(satellites: readonly { readonly id: string; readonly satellite: Satellite }[], maskDeg: number, fromMs: number, toMs: number, stepMs: number): Tracks {
  if (!(stepMs > 0)) throw new RangeError(`track step must be > 0 ms, got ${stepMs}`);
  const state = new Float64Array(6);
  const tracks = satellites.map(({ id, satellite }) => {
    const points: TrackPoint[] = [];
    for (let k = 0; ; k++) {
      const t = Math.min(fromMs + k * stepMs, toMs);
      try {
        satellite.stateEcf(t, state);
        const g = ecfToGeodetic(state[0]!, state[1]!, state[2]!);
        const radiusKm = Math.hypot(state[0]!, state[1]!, state[2]!);
        points.push({ t: isoUtc(t), latDeg: r4(g.latDeg), lonDeg: r4(g.lonDeg), altKm: r4(g.altKm), footprintDeg: r4(footprintHalfAngleDeg(radiusKm, maskDeg)) });
      } catch (error) {
        if (!(error instanceof PropagationError)) throw error;
      }
      if (t >= toMs) break;
    }
    return { id, name: satellite.name, maskDeg, points };
  });
  return { from: isoUtc(fromMs), to: isoUtc(toMs), stepS: stepMs / 1000, satellites: tracks };
}
