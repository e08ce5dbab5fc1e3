/**
 * The Sun, for night and illumination: its direction in the Earth-fixed frame from astronomy-engine
 * (VSOP87-based geocentric vector with aberration, rotated to the true equator and equinox of date,
 * then by Greenwich apparent sidereal time), cached at 6-hour nodes and interpolated between them.
 *
 * Interpolation error: the Sun moves about 0.25 deg along the ecliptic in 6 h, so linear
 * interpolation of its unit vector errs by (0.0044 rad)^2 / 8 = 2.4e-6 rad (0.00014 deg); GAST
 * is interpolated as GMST's linear rate plus a slowly varying equation of the equinoxes. The test
 * compares with astronomy-engine's own topocentric `Horizon` within 0.01 deg.
 * @module
 */
import { Body, GeoVector, MakeTime, RotateVector, Rotation_EQJ_EQD, SiderealTime } from 'astronomy-engine';
import type { Observer } from './look.js';

/** Astronomical unit, km (IAU 2012 Resolution B2). */
export const AU_KM = 149_597_870.7;
/** Mean equatorial radius of the Sun, km (IAU 2015 Resolution B3 nominal value). */
export const SUN_RADIUS_KM = 695_700;
/** Earth radius used for the shadow test, km (WGS-84 equatorial). */
export const EARTH_SHADOW_RADIUS_KM = 6378.137;

const NODE_MS = 6 * 3_600_000;
/** Sidereal time gained in one node interval (a sidereal day is 86 164.0905 s), rad. */
const GAST_ADVANCE_PER_NODE_RAD = (2 * Math.PI * NODE_MS) / 86_164_090.5;
const DEG = Math.PI / 180;

interface Node {
  /** Sun vector in the true equator and equinox of date, km. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Greenwich apparent sidereal time, radians (unwrapped relative to the previous node when used). */
  readonly gastRad: number;
}

/** Sun positions, cached by 6-hour node. Pure: same inputs, same outputs; the cache only saves work. */
export class SunEphemeris {
  private readonly nodes = new Map<number, Node>();

  private node(index: number): Node {
    let n = this.nodes.get(index);
    if (!n) {
      const date = new Date(index * NODE_MS);
      const time = MakeTime(date);
      const eqd = RotateVector(Rotation_EQJ_EQD(time), GeoVector(Body.Sun, time, true));
      n = { x: eqd.x * AU_KM, y: eqd.y * AU_KM, z: eqd.z * AU_KM, gastRad: (SiderealTime(time) * 15 * DEG) % (2 * Math.PI) };
      this.nodes.set(index, n);
    }
    return n;
  }

  /** Earth-fixed Sun position (km) at utcMs, written into out[0..2]. */
  positionEcf(utcMs: number, out: Float64Array = new Float64Array(3)): Float64Array {
    const i = Math.floor(utcMs / NODE_MS);
    const a = this.node(i);
    const b = this.node(i + 1);
    const w = (utcMs - i * NODE_MS) / NODE_MS;
    const x = a.x + (b.x - a.x) * w;
    const y = a.y + (b.y - a.y) * w;
    const z = a.z + (b.z - a.z) * w;
    // GAST advances ~1.0027 turns per day: unwrap b relative to a before interpolating.
    let gb = b.gastRad;
    gb += 2 * Math.PI * Math.round((a.gastRad + GAST_ADVANCE_PER_NODE_RAD - gb) / (2 * Math.PI));
    const g = a.gastRad + (gb - a.gastRad) * w;
    const c = Math.cos(g);
    const s = Math.sin(g);
    out[0] = c * x + s * y;
    out[1] = -s * x + c * y;
    out[2] = z;
    return out;
  }

  /** Geometric elevation of the Sun's centre at a station, degrees (topocentric, no refraction). */
  elevationDeg(observer: Observer, utcMs: number): number {
    const p = this.positionEcf(utcMs, scratch);
    return Math.asin(Math.max(-1, Math.min(1, observer.sinElevation(p)))) / DEG;
  }
}

const scratch = new Float64Array(3);

/**
 * Whether a satellite at Earth-fixed position `satKm` sees the centre of the Sun: the Sun's centre
 * is hidden when, seen from the satellite, its angular separation from the Earth's centre is less
 * than the Earth's angular radius (spherical Earth of radius 6378.137 km; the half of the penumbra
 * where the Sun's centre is still visible counts as sunlit). This is the usual occultation test for
 * whether a satellite is illuminated (e.g. for optical visibility of LEO satellites).
 */
export function isSunlit(satKm: ArrayLike<number>, sunKm: ArrayLike<number>): boolean {
  const sx = sunKm[0]! - satKm[0]!;
  const sy = sunKm[1]! - satKm[1]!;
  const sz = sunKm[2]! - satKm[2]!;
  const ex = -satKm[0]!;
  const ey = -satKm[1]!;
  const ez = -satKm[2]!;
  const dSun = Math.sqrt(sx * sx + sy * sy + sz * sz);
  const dEarth = Math.sqrt(ex * ex + ey * ey + ez * ez);
  // Angle between the directions to the Sun and to the Earth's centre, seen from the satellite.
  const cosSep = (sx * ex + sy * ey + sz * ez) / (dSun * dEarth);
  const sep = Math.acos(Math.max(-1, Math.min(1, cosSep)));
  const earthAngularRadius = Math.asin(Math.min(1, EARTH_SHADOW_RADIUS_KM / dEarth));
  return sep > earthAngularRadius;
}
