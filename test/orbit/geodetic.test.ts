/** Geodetic coordinates from Earth-fixed positions and the visibility footprint. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EARTH_MEAN_RADIUS_KM, ecfToGeodetic, footprintHalfAngleDeg } from '../../sim/orbit/geodetic.js';
import { Observer } from '../../sim/orbit/index.js';
import { assertInDelta } from '../helpers.js';

const ONE_MM_KM = 1e-6;
const MICRO_DEG = 1e-6;

const g = suite('ecfToGeodetic(x, y, z)');
g('inverts the station formula of Observer (WGS-84) to 1 mm and 1e-6 deg, ground to GEO', () => {
  for (const latDeg of [-89.9, -60, -33.3, 0, 12.5, 40.39, 75, 89.9]) {
    for (const lonDeg of [-179.5, -90, 0, 45, 117.58, 179.5]) {
      for (const altKm of [0, 0.9, 500, 1200, 35786]) {
        const o = new Observer({ id: 'x', name: 'x', latDeg, lonDeg, altM: altKm * 1000 });
        const got = ecfToGeodetic(o.xKm, o.yKm, o.zKm);
        assertInDelta(got.latDeg, latDeg, MICRO_DEG, 'latitude deg');
        assertInDelta(got.lonDeg, lonDeg, MICRO_DEG, 'longitude deg');
        assertInDelta(got.altKm, altKm, ONE_MM_KM, 'height km');
      }
    }
  }
});
g('puts points on the polar axis at +-90 deg', () => {
  const north = ecfToGeodetic(0, 0, 7000);
  assert.is(north.latDeg, 90);
  assertInDelta(north.altKm, 7000 - 6356.752314, 1e-5, 'height km');
  assert.is(ecfToGeodetic(0, 0, -7000).latDeg, -90);
});
g.run();

const f = suite('footprintHalfAngleDeg(radiusKm, minElevationDeg)');
f('is acos(R / r) at a 0 deg mask (the horizon)', () => {
  const r = EARTH_MEAN_RADIUS_KM + 500;
  assertInDelta(footprintHalfAngleDeg(r, 0), (Math.acos(EARTH_MEAN_RADIUS_KM / r) * 180) / Math.PI, 1e-12, 'angle deg');
});
f('gives 14.0 deg for a 500 km orbit and a 10 deg mask (hand computation: 24.05 - 10)', () => {
  assertInDelta(footprintHalfAngleDeg(6371 + 500, 10, 6371), 14.05, 0.01, 'angle deg');
});
f('shrinks as the mask rises and is 0 at 90 deg and below the surface', () => {
  const r = EARTH_MEAN_RADIUS_KM + 500;
  assert.ok(footprintHalfAngleDeg(r, 10) > footprintHalfAngleDeg(r, 30));
  assertInDelta(footprintHalfAngleDeg(r, 90), 0, 1e-12, 'angle deg');
  assert.is(footprintHalfAngleDeg(EARTH_MEAN_RADIUS_KM - 1, 10), 0);
});
f.run();
