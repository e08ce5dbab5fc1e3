import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { eciToEcf, gstime, propagate, twoline2satrec } from 'satellite.js';
import { PropagationError } from '../../sim/errors.js';
import { BUNDLED_TLE_PATH, Satellite, gmst1982Rad, loadElementSets, parseTleText, satellitesFromSets } from '../../sim/orbit/index.js';
import { assertInDelta } from '../helpers.js';

const sets = loadElementSets(BUNDLED_TLE_PATH, 'micius.tle');
const micius = satellitesFromSets(sets)[0]!;

const gm = suite('gmst1982Rad(utcMs)');
gm('equals satellite.js gstime within its Julian-date quantisation (1e-8 rad)', () => {
  for (let k = 0; k < 100; k++) {
    const t = Date.UTC(2016, 0, 1) + k * 317_123_457;
    const d = Math.abs(((gmst1982Rad(t) - gstime(new Date(t)) + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
    assert.ok(d < 1e-8, `differs by ${d} rad at ${new Date(t).toISOString()}`);
  }
});
gm.run();

const sat = suite('Satellite(sets)');
sat('groups the five Micius sets into one satellite named MICIUS', () => {
  assert.is(satellitesFromSets(sets).length, 1);
  assert.is(micius.name, 'MICIUS');
  assert.is(micius.sets.length, 5);
});
sat('setIndexAt(t) picks the set whose epoch is nearest, switching at the midpoints', () => {
  const e = sets.map((s) => s.epochUtcMs);
  assert.is(micius.setIndexAt(e[0]! - 1e10), 0);
  assert.is(micius.setIndexAt((e[0]! + e[1]!) / 2 - 1), 0);
  assert.is(micius.setIndexAt((e[0]! + e[1]!) / 2), 1);
  assert.is(micius.setIndexAt(e[4]! + 1e10), 4);
  const segs = micius.segments(e[0]!, e[2]!);
  assert.equal(segs.map((s) => s.setIndex), [0, 1, 2]);
  assert.is(segs[1]!.startMs, (e[0]! + e[1]!) / 2);
});
sat('stateEcf(t) matches satellite.js propagate + eciToEcf within 1 m and 1 mm/s', () => {
  const rec = twoline2satrec(sets[0]!.tle!.line1, sets[0]!.tle!.line2);
  for (let k = 0; k < 30; k++) {
    const t = Date.UTC(2016, 11, 18) + k * 3_111_111;
    const pv = propagate(rec, new Date(t))!;
    const ecf = eciToEcf(pv.position, gstime(new Date(t)));
    const ours = micius.stateEcf(t);
    // Differences come from satellite.js's Julian-date quantisation (~40 us, ~0.3 m along track).
    assertInDelta(Math.hypot(ours[0]! - ecf.x, ours[1]! - ecf.y, ours[2]! - ecf.z), 0, 0.001, 'position km');
  }
});
sat('epochWarnings(t0, t1) warns only beyond 14 days from the epoch in use', () => {
  const e0 = sets[0]!.epochUtcMs;
  assert.equal(micius.epochWarnings(e0, e0 + 13 * 86_400_000), []);
  const w = micius.epochWarnings(e0, e0 + 30 * 86_400_000);
  assert.is(w.length, 1);
  assert.match(w[0]!, /MICIUS: propagating up to 30\.0 days from the epoch of the element set it uses \(2016-12-18T21:38:11\.331Z\)/);
});
sat('a decayed satellite raises a PropagationError naming it and the time', () => {
  // The 2025 set (~380 km, strong drag) cannot be propagated two years ahead.
  const late = new Satellite([sets[4]!]);
  const t = sets[4]!.epochUtcMs + 2 * 365 * 86_400_000;
  try {
    late.stateEcf(t);
    assert.unreachable('should have thrown');
  } catch (error) {
    assert.instance(error, PropagationError);
    assert.match((error as Error).message, /^propagation of MICIUS 2025-09-22 failed at 20\d\d-\d\d-\d\dT.*Z: /);
  }
});
sat('rejects sets of different satellites and an empty list', () => {
  const other = loadElementSets('test/fixtures/tle/geo-synthetic.tle');
  assert.throws(() => new Satellite([sets[0]!, other[0]!]), /different satellites/);
  assert.throws(() => new Satellite([]), /at least one/);
});
sat.run();
