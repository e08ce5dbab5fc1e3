/**
 * Earth-fixed positions as geodetic latitude, longitude and height (for ground tracks on maps), and
 * the visibility footprint of a satellite: how far from its sub-satellite point a station can be
 * and still see it above an elevation mask.
 * @module
 */
import { WGS84_A_KM, WGS84_F, degToRad, radToDeg } from './look.js';

const E2 = WGS84_F * (2 - WGS84_F);
const B_KM = WGS84_A_KM * (1 - WGS84_F);

/** Mean Earth radius (IUGG), km: the sphere the footprint formula assumes. */
export const EARTH_MEAN_RADIUS_KM = 6371.0088;

/** A geodetic position on or above the WGS-84 ellipsoid. */
export interface Geodetic {
  /** Geodetic latitude, degrees in [-90, 90]. */
  readonly latDeg: number;
  /** Longitude, degrees east in (-180, 180]. */
  readonly lonDeg: number;
  /** Height above the ellipsoid, km. */
  readonly altKm: number;
}

/**
 * Geodetic coordinates of an Earth-fixed position (km): the inverse of the station formula in
 * look.ts. Fixed-point iteration on latitude (Vallado 2004, Algorithm 12); five rounds reach
 * 1e-12 rad for any height below GEO, because each round shrinks the error by about e^2 h / (N + h).
 */
export function ecfToGeodetic(xKm: number, yKm: number, zKm: number): Geodetic {
  const p = Math.hypot(xKm, yKm);
  const lonDeg = radToDeg(Math.atan2(yKm, xKm));
  // On the polar axis longitude is undefined (atan2 gives 0) and latitude is +-90.
  if (p < 1e-9) return { latDeg: zKm >= 0 ? 90 : -90, lonDeg, altKm: Math.abs(zKm) - B_KM };
  let lat = Math.atan2(zKm, p * (1 - E2));
  let n = WGS84_A_KM;
  let h = 0;
  for (let k = 0; k < 6; k++) {
    const sin = Math.sin(lat);
    n = WGS84_A_KM / Math.sqrt(1 - E2 * sin * sin);
    h = p / Math.cos(lat) - n;
    lat = Math.atan2(zKm, p * (1 - (E2 * n) / (n + h)));
  }
  return { latDeg: radToDeg(lat), lonDeg, altKm: h };
}

/**
 * Earth central angle (degrees) from the sub-satellite point to the edge of the region where the
 * satellite is above `minElevationDeg`, on a sphere of radius `earthRadiusKm`:
 * lambda = acos(R cos(eps) / r) - eps (Wertz, Space Mission Analysis and Design, eq. 5-26 form).
 * Returns 0 when the satellite is too low to be seen above the mask anywhere.
 * @param radiusKm the satellite's geocentric distance, km
 * @param minElevationDeg the elevation mask, degrees in [0, 90)
 */
export function footprintHalfAngleDeg(radiusKm: number, minElevationDeg: number, earthRadiusKm = EARTH_MEAN_RADIUS_KM): number {
  const eps = degToRad(minElevationDeg);
  const c = (earthRadiusKm * Math.cos(eps)) / radiusKm;
  if (!(c < 1)) return 0;
  return Math.max(0, radToDeg(Math.acos(c) - eps));
}
