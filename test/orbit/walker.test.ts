import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Satellite, meanMotionRevPerDay, walkerDelta } from '../../sim/orbit/index.js';
import { assertInDelta } from '../helpers.js';

const EPOCH = Date.UTC(2016, 11, 19);
const w = suite('walkerDelta(params)');
w('makes t satellites in p planes that SGP4 propagates at the requested altitude (+-15 km)', () => {
  const sets = walkerDelta({ satellites: 24, planes: 6, phasing: 1, altitudeKm: 500, inclinationDeg: 97.4, epochUtcMs: EPOCH });
  assert.is(sets.length, 24);
  assert.is(new Set(sets.map((s) => s.catalogNumber)).size, 24);
  const sat = new Satellite([sets[0]!]);
  const periodMs = 86_400_000 / meanMotionRevPerDay(500);
  let sum = 0;
  const n = 200;
  for (let k = 0; k < n; k++) {
    const s = sat.stateEcf(EPOCH + (k * periodMs) / n);
    sum += Math.hypot(s[0]!, s[1]!, s[2]!);
  }
  // Mean radius over one orbit vs 6378.135 + 500 km (SGP4 mean elements differ from osculating ones).
  assertInDelta(sum / n, 6878.135, 15, 'mean radius, km');
});
w('spaces planes by 360/p in RAAN and phases neighbouring planes by 360 f / t in mean anomaly', () => {
  const sets = walkerDelta({ satellites: 12, planes: 4, phasing: 2, altitudeKm: 550, inclinationDeg: 53, epochUtcMs: EPOCH, raan0Deg: 10 });
  const raans = sets.map((s) => s.omm!.RA_OF_ASC_NODE);
  assert.equal([...new Set(raans)], [10, 100, 190, 280]);
  assertInDelta(sets[3]!.omm!.MEAN_ANOMALY - sets[0]!.omm!.MEAN_ANOMALY, 60, 1e-9, 'phase offset of plane 2, deg');
  assertInDelta(sets[1]!.omm!.MEAN_ANOMALY - sets[0]!.omm!.MEAN_ANOMALY, 120, 1e-9, 'in-plane spacing, deg');
});
w('meanMotionRevPerDay(altitudeKm) follows Kepler: ~15.2 rev/day at 500 km, 1.0027 at GEO', () => {
  assertInDelta(meanMotionRevPerDay(500), 15.22, 0.01, 'rev/day at 500 km');
  assertInDelta(meanMotionRevPerDay(35_786.86), 1.0027, 0.0005, 'rev/day at GEO');
});
w('rejects impossible patterns with the parameter named', () => {
  assert.throws(() => walkerDelta({ satellites: 10, planes: 3, phasing: 0, altitudeKm: 500, inclinationDeg: 97, epochUtcMs: EPOCH }), /planes must be an integer >= 1 dividing satellites \(10\), got 3/);
  assert.throws(() => walkerDelta({ satellites: 6, planes: 3, phasing: 3, altitudeKm: 500, inclinationDeg: 97, epochUtcMs: EPOCH }), /phasing must be an integer in \[0, 2\], got 3/);
  assert.throws(() => walkerDelta({ satellites: 0, planes: 1, phasing: 0, altitudeKm: 500, inclinationDeg: 97, epochUtcMs: EPOCH }), /satellites must be/);
  assert.throws(() => walkerDelta({ satellites: 1, planes: 1, phasing: 0, altitudeKm: 50, inclinationDeg: 97, epochUtcMs: EPOCH }), /altitudeKm/);
});
w.run();
