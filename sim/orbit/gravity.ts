/**
 * A satellite's acceleration in the Earth-fixed frame from a simple force model: point mass plus
 * the J2 zonal term, with SGP4's WGS-72 constants, and the rotating frame's Coriolis and
 * centrifugal terms. The pass scan uses it only to make its predictor better (a quintic Hermite
 * interpolant through two samples, hermite.ts), never as a result: every time it predicts is
 * polished on exact SGP4 states.
 *
 *   a_inertial = -mu r / |r|^3 - (3/2) J2 mu Re^2 / |r|^5 [x (1 - 5 z^2/r^2), y (1 - 5 z^2/r^2), z (3 - 5 z^2/r^2)]
 *     (Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., 2013, Eq. 8-30; the zonal
 *     field is symmetric about z, so it reads the same in Earth-fixed coordinates)
 *   a_ecf = a_inertial - 2 w x v_ecf - w x (w x r_ecf),  w = (0, 0, omega)
 *     (the acceleration seen in a frame rotating at w; Vallado 2013, sec. 3.5)
 *
 * Against SGP4 itself (the difference of its velocities 1 s either side) the model is within
 * ~1e-7 km/s^2 (1e-5 of the central term: drag, J3, J4 and SGP4's own theory are left out) for
 * LEO sets (test/orbit/gravity.test.ts). Deep-space sets (SDP4) are not modelled: lunar-solar and
 * resonance terms matter there, and the scan keeps its cubic predictor for them.
 * @module
 */
import { EARTH_RADIUS_WGS72_KM, EARTH_ROTATION_RAD_PER_S, MU_WGS72_KM3_PER_S2 } from './propagate.js';

/** J2 of WGS-72, the value SGP4 uses (Hoots & Roehrich, Spacetrack Report No. 3, 1980; Vallado et al. 2006). */
export const J2_WGS72 = 0.001082616;

const W = EARTH_ROTATION_RAD_PER_S;
const J2_FACTOR = 1.5 * J2_WGS72 * MU_WGS72_KM3_PER_S2 * EARTH_RADIUS_WGS72_KM * EARTH_RADIUS_WGS72_KM;

/**
 * Earth-fixed acceleration (km/s^2) of an Earth-fixed state [x, y, z, vx, vy, vz] (km, km/s),
 * written into out[0..2] (see the module comment).
 */
export function accelerationEcf(state: ArrayLike<number>, out: Float64Array): Float64Array {
  const x = state[0]!;
  const y = state[1]!;
  const z = state[2]!;
  const r2 = x * x + y * y + z * z;
  const r = Math.sqrt(r2);
  const r3 = r2 * r;
  const central = -MU_WGS72_KM3_PER_S2 / r3;
  const j2 = J2_FACTOR / (r3 * r2);
  const zz = (5 * z * z) / r2;
  out[0] = central * x - j2 * x * (1 - zz) + 2 * W * state[4]! + W * W * x;
  out[1] = central * y - j2 * y * (1 - zz) - 2 * W * state[3]! + W * W * y;
  out[2] = central * z - j2 * z * (3 - zz);
  return out;
}
