/**
 * States in TEME, the frame SGP4 computes in (true equator, mean equinox of date; Vallado et al.,
 * AIAA 2006-6753, sec. "Coordinate systems"). A Satellite gives Earth-fixed states (propagate.ts
 * rotates TEME by GMST, IAU 1982, and subtracts omega x r); this undoes exactly that rotation, with
 * the same GMST, so the result is SGP4's own TEME state to rounding (checked against satellite.js
 * in test/orbit/oem.test.ts). Ephemeris files (oem-write.ts) are written in this frame.
 * @module
 */
import { EARTH_ROTATION_RAD_PER_S, type Satellite } from './propagate.js';
import { gmst1982Rad } from './time.js';

/**
 * TEME position (km) and velocity (km/s) at `utcMs`, written into `out` as [x, y, z, vx, vy, vz].
 * @param setIndex the element set to use (default: the nearest-epoch set)
 * @throws PropagationError as Satellite.stateEcf
 */
export function stateTeme(sat: Satellite, utcMs: number, out: Float64Array = new Float64Array(6), setIndex?: number): Float64Array {
  const ecf = sat.stateEcf(utcMs, new Float64Array(6), setIndex);
  const g = gmst1982Rad(utcMs);
  const c = Math.cos(g);
  const s = Math.sin(g);
  const [x, y, z, vx, vy, vz] = ecf as unknown as [number, number, number, number, number, number];
  // r_teme = R3(-g) r_ecf; v_teme = R3(-g) (v_ecf + omega x r_ecf), omega along +z.
  const wx = vx - EARTH_ROTATION_RAD_PER_S * y;
  const wy = vy + EARTH_ROTATION_RAD_PER_S * x;
  out[0] = c * x - s * y;
  out[1] = s * x + c * y;
  out[2] = z;
  out[3] = c * wx - s * wy;
  out[4] = s * wx + c * wy;
  out[5] = vz;
  return out;
}
