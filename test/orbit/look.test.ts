import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ecfToLookAngles, geodeticToEcf, degreesToRadians } from 'satellite.js';
import { Observer, Satellite, parseTleText } from '../../sim/orbit/index.js';
import { assertInDelta } from '../helpers.js';

// satellite.js serves as an independent implementation of the same geodesy (WGS-84 site, SEZ frame).
const sites = [
  { id: 'xinglong', name: 'x', latDeg: 40.393333, lonDeg: 117.577222, altM: 900 },
  { id: 'south', name: 's', latDeg: -33.9, lonDeg: 18.4, altM: 10 },
  { id: 'pole', name: 'p', latDeg: 89.9, lonDeg: -120, altM: 3000 },
];
const L1 = '1 41731U 16051A   16353.90152003  .00000364  00000-0  17957-4 0  9993';
const L2 = '2 41731  97.3699 267.4500 0013200 178.5836 246.0824 15.23915303 19063';
const sat = new Satellite(parseTleText(`${L1}\n${L2}\n`, 'x.tle'));

const obs = suite('Observer(station)');
obs('places the site where satellite.js geodeticToEcf does (within 1 mm)', () => {
  for (const s of sites) {
    const o = new Observer(s);
    const ref = geodeticToEcf({ latitude: degreesToRadians(s.latDeg), longitude: degreesToRadians(s.lonDeg), height: s.altM / 1000 });
    assertInDelta(Math.hypot(o.xKm - ref.x, o.yKm - ref.y, o.zKm - ref.z), 0, 1e-6, `${s.id} position, km`);
  }
});
obs('lookAngles(state) agrees with satellite.js ecfToLookAngles within 1e-7 deg and 1 mm', () => {
  // satellite.js rounds the WGS-84 polar radius (6356.7523142 km), which moves sites by < 1e-6 km.
  for (const s of sites) {
    const o = new Observer(s);
    for (let k = 0; k < 50; k++) {
      const st = sat.stateEcf(Date.UTC(2016, 11, 19) + k * 997_000);
      const ours = o.lookAngles(st);
      const ref = ecfToLookAngles(
        { latitude: degreesToRadians(s.latDeg), longitude: degreesToRadians(s.lonDeg), height: s.altM / 1000 },
        { x: st[0]!, y: st[1]!, z: st[2]! },
      );
      assertInDelta(ours.elevationDeg, (ref.elevation * 180) / Math.PI, 1e-7, 'elevation deg');
      assertInDelta(ours.rangeKm, ref.rangeSat, 1e-6, 'range km');
      const dAz = Math.abs(((ours.azimuthDeg - (ref.azimuth * 180) / Math.PI + 540) % 360) - 180);
      if (ours.elevationDeg < 89.9) assert.ok(dAz < 1e-6, `azimuth differs by ${dAz} deg`);
    }
  }
});
obs('sinElevationRate(state) is the time derivative of sinElevation (central difference, LEO)', () => {
  const o = new Observer(sites[0]!);
  for (let k = 0; k < 20; k++) {
    const t = Date.UTC(2016, 11, 19, 16, 49) + k * 20_000;
    const h = 10;
    const num = (o.sinElevation(sat.stateEcf(t + h)) - o.sinElevation(sat.stateEcf(t - h))) / ((2 * h) / 1000);
    // SGP4's near-Earth velocity matches its positions' derivative to a few cm/s: 0.1 m/s over
    // >= 500 km of range is 2e-7 per second in sin(elevation).
    assertInDelta(o.sinElevationRate(sat.stateEcf(t)), num, 2e-7, 'd sin(el)/dt per s');
  }
});
obs.run();
