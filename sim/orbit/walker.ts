/**
 * Walker-delta constellations (J. G. Walker, "Satellite constellations", J. Brit. Interplanet. Soc.
 * 37, 559, 1984): t satellites in p equally spaced planes at one inclination, with phasing f. Each
 * satellite becomes an OMM element set that the SGP4 code propagates like a real one.
 *
 * Satellite j (0-based) of plane k: RAAN = raan0 + 360 k / p, mean anomaly = 360 j / s + 360 f k / t
 * with s = t / p. Orbits are near-circular; the altitude sets the mean motion through Kepler's third
 * law with SGP4's WGS-72 constants (so "altitude" is a mean altitude above the 6378.135 km radius).
 * @module
 */
import type { ElementSet, OmmRecord } from './tle.js';
import { EARTH_RADIUS_WGS72_KM, MU_WGS72_KM3_PER_S2 } from './propagate.js';
import { isoUtc } from './time.js';

/** Parameters of a Walker-delta pattern i: t/p/f. */
export interface WalkerParams {
  /** Total satellites t (>= 1). */
  readonly satellites: number;
  /** Planes p (divides t). */
  readonly planes: number;
  /** Phasing f in [0, p - 1]. */
  readonly phasing: number;
  readonly altitudeKm: number;
  readonly inclinationDeg: number;
  /** Epoch of the generated elements, Unix ms. */
  readonly epochUtcMs: number;
  /** RAAN of plane 0, degrees (default 0). */
  readonly raan0Deg?: number;
  /** Catalogue number of the first satellite (default 90100); the rest follow. */
  readonly firstCatalogNumber?: number;
  /** Name prefix (default `WALKER`); satellites are `<prefix>-<plane>-<slot>`. */
  readonly namePrefix?: string;
  /** Drag term (default 0: no decay). */
  readonly bstar?: number;
}

/** Mean motion (rev/day) of a circular orbit at a mean altitude above the WGS-72 radius. */
export function meanMotionRevPerDay(altitudeKm: number): number {
  const aKm = EARTH_RADIUS_WGS72_KM + altitudeKm;
  return (Math.sqrt(MU_WGS72_KM3_PER_S2 / (aKm * aKm * aKm)) * 86_400) / (2 * Math.PI);
}

/**
 * The element sets of a Walker-delta constellation.
 * @throws RangeError naming the bad parameter
 */
export function walkerDelta(params: WalkerParams): ElementSet[] {
  const { satellites: t, planes: p, phasing: f } = params;
  if (!Number.isInteger(t) || t < 1) throw new RangeError(`satellites must be an integer >= 1, got ${t}`);
  if (!Number.isInteger(p) || p < 1 || t % p !== 0) throw new RangeError(`planes must be an integer >= 1 dividing satellites (${t}), got ${p}`);
  if (!Number.isInteger(f) || f < 0 || f >= p) throw new RangeError(`phasing must be an integer in [0, ${p - 1}], got ${f}`);
  if (!(params.altitudeKm >= 150 && params.altitudeKm <= 40_000)) throw new RangeError(`altitudeKm must be in [150, 40000], got ${params.altitudeKm}`);
  if (!(params.inclinationDeg >= 0 && params.inclinationDeg <= 180)) throw new RangeError(`inclinationDeg must be in [0, 180], got ${params.inclinationDeg}`);
  const s = t / p;
  const n = meanMotionRevPerDay(params.altitudeKm);
  const first = params.firstCatalogNumber ?? 90_100;
  const prefix = params.namePrefix ?? 'WALKER';
  const out: ElementSet[] = [];
  for (let k = 0; k < p; k++) {
    for (let j = 0; j < s; j++) {
      const index = k * s + j;
      const raan = (((params.raan0Deg ?? 0) + (360 * k) / p) % 360 + 360) % 360;
      const meanAnomaly = ((360 * j) / s + (360 * f * k) / t) % 360;
      const name = `${prefix}-${k + 1}-${j + 1}`;
      const omm: OmmRecord = {
        OBJECT_NAME: name,
        OBJECT_ID: `WALKER-${index + 1}`,
        EPOCH: isoUtc(params.epochUtcMs).replace('Z', ''),
        MEAN_MOTION: n,
        ECCENTRICITY: 0.0001,
        INCLINATION: params.inclinationDeg,
        RA_OF_ASC_NODE: raan,
        ARG_OF_PERICENTER: 0,
        MEAN_ANOMALY: meanAnomaly,
        EPHEMERIS_TYPE: 0,
        CLASSIFICATION_TYPE: 'U',
        NORAD_CAT_ID: first + index,
        ELEMENT_SET_NO: 999,
        REV_AT_EPOCH: 0,
        BSTAR: params.bstar ?? 0,
        MEAN_MOTION_DOT: 0,
        MEAN_MOTION_DDOT: 0,
      };
      out.push({
        name,
        catalogNumber: String(first + index).padStart(5, '0'),
        epochUtcMs: Math.round(params.epochUtcMs),
        inclinationDeg: params.inclinationDeg,
        eccentricity: 0.0001,
        meanMotionRevPerDay: n,
        source: { file: `walker ${params.inclinationDeg}:${t}/${p}/${f}`, index },
        omm,
      });
    }
  }
  return out;
}
