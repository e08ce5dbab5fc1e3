import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLED_TLE_PATH, GEOMETRY_NODE_MS, KEY_GEOMETRY_NODE_MS, KEY_QUINTIC_NODE_MS, Observer, loadElementSets, passGeometry, samplePass, satellitesFromSets } from '../../sim/orbit/index.js';
import { loadCatalog } from '../../sim/scenario/stations.js';
import { assertInDelta } from '../helpers.js';

const sat = satellitesFromSets(loadElementSets(BUNDLED_TLE_PATH))[0]!;
const xinglong = new Observer(loadCatalog().find((s) => s.id === 'xinglong')!);
const rise = Date.UTC(2016, 11, 19, 16, 48, 43, 787);
const set = Date.UTC(2016, 11, 19, 16, 55, 40, 916);

const g = suite('passGeometry(sat, observer, from, to)');
g(`interpolates range within 1 m and elevation within 1e-4 deg of direct SGP4 (nodes ${GEOMETRY_NODE_MS / 1000} s apart)`, () => {
  const f = passGeometry(sat, xinglong, rise, set);
  for (let t = rise; t <= set; t += 7_777) {
    const got = { ...f(t) };
    const ref = xinglong.lookAngles(sat.stateEcf(t));
    assertInDelta(got.rangeKm, ref.rangeKm, 0.001, 'range km');
    assertInDelta(got.elevationDeg, ref.elevationDeg, 1e-4, 'elevation deg');
  }
});
/** The interpolated geometry against direct SGP4 every 3.333 s over the pass; returns the worst range error, km. */
function checkAgainstSgp4(f: ReturnType<typeof passGeometry>, rangeTolKm: number, elevationTolDeg: number): number {
  let worstKm = 0;
  for (let t = rise; t <= set; t += 3_333) {
    const got = { ...f(t) };
    const ref = xinglong.lookAngles(sat.stateEcf(t));
    worstKm = Math.max(worstKm, Math.abs(got.rangeKm - ref.rangeKm));
    assertInDelta(got.rangeKm, ref.rangeKm, rangeTolKm, 'range km');
    assertInDelta(got.elevationDeg, ref.elevationDeg, elevationTolDeg, 'elevation deg');
  }
  return worstKm;
}
g(`at the key integration's ${KEY_GEOMETRY_NODE_MS / 1000} s nodes: range within 6 m (the bound (w h)^4 / 384 r = 5.6 m) and elevation within 1e-3 deg`, () => {
  const worstKm = checkAgainstSgp4(passGeometry(sat, xinglong, rise, set, KEY_GEOMETRY_NODE_MS), 0.006, 1e-3);
  assert.ok(worstKm > 1e-5, 'the nodes are far enough apart for the interpolation to show');
});
g(`quintic, at the key integration's ${KEY_QUINTIC_NODE_MS / 1000} s nodes: range within 1 m (measured 0.43 m; cubic at 120 s: 5.6 m) and elevation within 1e-4 deg`, () => {
  const worstKm = checkAgainstSgp4(passGeometry(sat, xinglong, rise, set, KEY_QUINTIC_NODE_MS, 'quintic'), 0.001, 1e-4);
  console.log(`    measured: worst range ${(worstKm * 1000).toFixed(3)} m`);
});
g('clamps outside the interval to its ends', () => {
  const f = passGeometry(sat, xinglong, rise, set);
  const atRise = f(rise).elevationDeg;
  assert.is(f(rise - 60_000).elevationDeg, atRise);
});
g.run();

const s = suite('samplePass(sat, observer, from, to, step)');
s('samples every step plus the end, with exact SGP4 look angles', () => {
  const out = samplePass(sat, xinglong, rise, set, 60_000);
  assert.is(out.tMs.length, Math.floor((set - rise) / 60_000) + 2);
  assert.is(out.tMs.at(-1), set);
  assertInDelta(out.elevationDeg[0]!, 10, 1e-4, 'elevation at rise, deg');
  assert.throws(() => samplePass(sat, xinglong, rise, set, 0), /step must be > 0/);
});
s.run();
