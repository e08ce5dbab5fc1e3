/**
 * Topocentric geometry: where a satellite appears from a ground station. Elevation is geometric
 * (no refraction) above the plane normal to the WGS-84 ellipsoid at the station, azimuth is from
 * north through east, range is the straight-line distance.
 *
 * Geodetic to Earth-fixed uses the prime-vertical radius of curvature N (Vallado 2004, sec. 3.2,
 * "site position") with WGS-84 a = 6378.137 km, f = 1/298.257223563; the local up / east / north
 * unit vectors form the topocentric-horizon frame (Vallado 2004, sec. 3.4).
 * @module
 */

/** WGS-84 equatorial radius, km. */
export const WGS84_A_KM = 6378.137;
/** WGS-84 flattening. */
export const WGS84_F = 1 / 298.257223563;
const E2 = WGS84_F * (2 - WGS84_F);

const DEG = Math.PI / 180;

/** Degrees to radians (the one boundary where scenario degrees enter orbit maths). */
export function degToRad(deg: number): number {
  return deg * DEG;
}

/** Radians to degrees. */
export function radToDeg(rad: number): number {
  return rad / DEG;
}

/** A ground station as read from a catalogue or scenario. */
export interface Station {
  readonly id: string;
  readonly name: string;
  /** Geodetic latitude, degrees in [-90, 90]. */
  readonly latDeg: number;
  /** Longitude, degrees east in [-180, 360). */
  readonly lonDeg: number;
  /** Height above the WGS-84 ellipsoid, m. */
  readonly altM: number;
}

/** A station's Earth-fixed position and local basis, precomputed for fast look angles. */
export class Observer {
  readonly station: Station;
  /** Earth-fixed position, km. */
  readonly xKm: number;
  readonly yKm: number;
  readonly zKm: number;
  /** Unit vector of the ellipsoid normal (up). */
  readonly ux: number;
  readonly uy: number;
  readonly uz: number;
  /** Unit vector east. */
  readonly ex: number;
  readonly ey: number;
  /** Unit vector north. */
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Geocentric distance of the station, km. */
  readonly radiusKm: number;

  constructor(station: Station) {
    this.station = station;
    const lat = station.latDeg * DEG;
    const lon = station.lonDeg * DEG;
    const sinLat = Math.sin(lat);
    const cosLat = Math.cos(lat);
    const sinLon = Math.sin(lon);
    const cosLon = Math.cos(lon);
    const hKm = station.altM / 1000;
    const n = WGS84_A_KM / Math.sqrt(1 - E2 * sinLat * sinLat); // prime-vertical radius of curvature
    this.xKm = (n + hKm) * cosLat * cosLon;
    this.yKm = (n + hKm) * cosLat * sinLon;
    this.zKm = (n * (1 - E2) + hKm) * sinLat;
    this.ux = cosLat * cosLon;
    this.uy = cosLat * sinLon;
    this.uz = sinLat;
    this.ex = -sinLon;
    this.ey = cosLon;
    this.nx = -sinLat * cosLon;
    this.ny = -sinLat * sinLon;
    this.nz = cosLat;
    this.radiusKm = Math.hypot(this.xKm, this.yKm, this.zKm);
  }

  /** Sine of the satellite's elevation for an Earth-fixed state [x, y, z, ...] in km. */
  sinElevation(state: ArrayLike<number>): number {
    const rx = state[0]! - this.xKm;
    const ry = state[1]! - this.yKm;
    const rz = state[2]! - this.zKm;
    return (rx * this.ux + ry * this.uy + rz * this.uz) / Math.sqrt(rx * rx + ry * ry + rz * rz);
  }

  /**
   * Time derivative of sin(elevation), 1/s, for an Earth-fixed state [x, y, z, vx, vy, vz]
   * (km, km/s): d/dt (r.u / |r|) = (v.u |r| - (r.u)(r.v)/|r|) / |r|^2.
   */
  sinElevationRate(state: ArrayLike<number>): number {
    const rx = state[0]! - this.xKm;
    const ry = state[1]! - this.yKm;
    const rz = state[2]! - this.zKm;
    const vx = state[3]!;
    const vy = state[4]!;
    const vz = state[5]!;
    const rho = Math.sqrt(rx * rx + ry * ry + rz * rz);
    const ru = rx * this.ux + ry * this.uy + rz * this.uz;
    const vu = vx * this.ux + vy * this.uy + vz * this.uz;
    const rv = rx * vx + ry * vy + rz * vz;
    return (vu * rho - (ru * rv) / rho) / (rho * rho);
  }

  /**
   * Second time derivative of sin(elevation), 1/s^2, for an Earth-fixed state and the satellite's
   * Earth-fixed acceleration `acc` (km/s^2; gravity.ts): differentiating the rate above once more,
   * with rho' = (r.v)/rho,
   *   s'' = (a.u)/rho - 2 (v.u)(r.v)/rho^3 - (r.u)(v.v + r.a)/rho^3 + 3 (r.u)(r.v)^2/rho^5.
   */
  sinElevationAccel(state: ArrayLike<number>, acc: ArrayLike<number>): number {
    const rx = state[0]! - this.xKm;
    const ry = state[1]! - this.yKm;
    const rz = state[2]! - this.zKm;
    const vx = state[3]!;
    const vy = state[4]!;
    const vz = state[5]!;
    const rho2 = rx * rx + ry * ry + rz * rz;
    const rho = Math.sqrt(rho2);
    const rho3 = rho2 * rho;
    const ru = rx * this.ux + ry * this.uy + rz * this.uz;
    const vu = vx * this.ux + vy * this.uy + vz * this.uz;
    const au = acc[0]! * this.ux + acc[1]! * this.uy + acc[2]! * this.uz;
    const rv = rx * vx + ry * vy + rz * vz;
    const vv = vx * vx + vy * vy + vz * vz;
    const ra = rx * acc[0]! + ry * acc[1]! + rz * acc[2]!;
    return au / rho - (2 * vu * rv) / rho3 - (ru * (vv + ra)) / rho3 + (3 * ru * rv * rv) / (rho3 * rho2);
  }


  /** Elevation (deg), azimuth (deg, [0, 360)) and range (km) of an Earth-fixed position in km. */
  lookAngles(state: ArrayLike<number>): LookAngles {
    const rx = state[0]! - this.xKm;
    const ry = state[1]! - this.yKm;
    const rz = state[2]! - this.zKm;
    const rangeKm = Math.sqrt(rx * rx + ry * ry + rz * rz);
    const up = rx * this.ux + ry * this.uy + rz * this.uz;
    const east = rx * this.ex + ry * this.ey;
    const north = rx * this.nx + ry * this.ny + rz * this.nz;
    let azimuthDeg = Math.atan2(east, north) / DEG;
    if (azimuthDeg < 0) azimuthDeg += 360;
    return { elevationDeg: Math.asin(Math.max(-1, Math.min(1, up / rangeKm))) / DEG, azimuthDeg, rangeKm };
  }

  /** Cosine of the geocentric angle between the station and an Earth-fixed position. */
  cosCentralAngle(state: ArrayLike<number>): number {
    const x = state[0]!;
    const y = state[1]!;
    const z = state[2]!;
    return (x * this.xKm + y * this.yKm + z * this.zKm) / (Math.sqrt(x * x + y * y + z * z) * this.radiusKm);
  }
}

/** Where a satellite appears from a station. */
export interface LookAngles {
  /** Geometric elevation above the ellipsoid-normal horizon, degrees. */
  readonly elevationDeg: number;
  /** Azimuth from north through east, degrees in [0, 360). */
  readonly azimuthDeg: number;
  /** Slant range, km. */
  readonly rangeKm: number;
}
