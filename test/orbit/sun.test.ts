import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Equator, Horizon, Observer as AstroObserver, Body } from 'astronomy-engine';
import { Observer, SunEphemeris, isSunlit, longestDarkInterval } from '../../sim/orbit/index.js';
import { assertInDelta } from '../helpers.js';

/** Tolerance for the cached, interpolated Sun against astronomy-engine's own topocentric Horizon. */
const HUNDREDTH_DEG = 0.01;

const sun = suite('SunEphemeris.elevationDeg(observer, utcMs)');
sun('agrees with astronomy-engine Equator + Horizon (no refraction) within 0.01 deg over a year', () => {
  const eph = new SunEphemeris();
  const sites = [
    { id: 'xinglong', name: 'x', latDeg: 40.393333, lonDeg: 117.577222, altM: 900 },
    { id: 'graz', name: 'g', latDeg: 47.0671, lonDeg: 15.4933, altM: 539 },
    { id: 'south', name: 's', latDeg: -45, lonDeg: -70, altM: 0 },
  ];
  let worst = 0;
  for (const s of sites) {
    const o = new Observer(s);
    const ao = new AstroObserver(s.latDeg, s.lonDeg, s.altM);
    for (let k = 0; k < 200; k++) {
      const t = Date.UTC(2016, 0, 1) + k * 1_577_777_777 / 10; // ~1.8 days apart, odd phases
      const eq = Equator(Body.Sun, new Date(t), ao, true, true);
      const ref = Horizon(new Date(t), ao, eq.ra, eq.dec).altitude;
      const ours = eph.elevationDeg(o, t);
      worst = Math.max(worst, Math.abs(ours - ref));
      assertInDelta(ours, ref, HUNDREDTH_DEG, `${s.id} sun elevation at ${new Date(t).toISOString()}`);
    }
  }
  assert.ok(worst < HUNDREDTH_DEG);
});
sun.run();

const lit = suite('isSunlit(satKm, sunKm)');
lit('a satellite on the night side in the anti-Sun direction is in shadow; on the day side it is lit', () => {
  const sunKm = [1.496e8, 0, 0];
  assert.is(isSunlit([-6878, 0, 0], sunKm), false);
  assert.is(isSunlit([6878, 0, 0], sunKm), true);
  // Above the terminator, high enough to see past the limb.
  assert.is(isSunlit([0, 6878, 0], sunKm), true);
  // Just behind the Earth's limb as seen along the Sun line.
  assert.is(isSunlit([-1000, 6300, 0], sunKm), false);
  // A GEO satellite behind the Earth at equinox is eclipsed; 10 deg off the shadow axis it is lit.
  assert.is(isSunlit([-42164, 0, 0], sunKm), false);
  assert.is(isSunlit([-42164 * Math.cos(0.1745), 42164 * Math.sin(0.1745), 0], sunKm), true);
});
lit.run();

const dark = suite('longestDarkInterval(observer, t0, t1, sunMaxDeg, sun)');
dark('finds the dusk crossing at Xinglong with the Sun at -12 deg to 1 s', () => {
  const eph = new SunEphemeris();
  const o = new Observer({ id: 'x', name: 'x', latDeg: 40.393333, lonDeg: 117.577222, altM: 900 });
  // 2016-12-19: the Sun sets near 09:00 UTC at Xinglong; search an afternoon window.
  const t0 = Date.UTC(2016, 11, 19, 8, 0);
  const t1 = Date.UTC(2016, 11, 19, 12, 0);
  const w = longestDarkInterval(o, t0, t1, -12, eph)!;
  assert.ok(w !== null);
  assert.is(w.endMs, t1);
  assertInDelta(eph.elevationDeg(o, w.startMs), -12, 0.001, 'sun elevation at the found dusk');
  assert.ok(eph.elevationDeg(o, w.startMs - 60_000) > -12);
  assert.is(longestDarkInterval(o, Date.UTC(2016, 11, 19, 3), Date.UTC(2016, 11, 19, 5), -12, eph), null, 'noon is not dark');
});
dark.run();
