/**
 * Pass-search benchmark (issue 2): a year of Micius over six stations against a naive 1-second scan
 * measured in the same process, and a 100-satellite constellation over 20 stations for 30 days.
 */
import { BUNDLED_TLE_PATH, Observer, Satellite, findPasses, loadElementSets, walkerDelta } from '../../sim/orbit/index.js';
import { loadCatalog } from '../../sim/scenario/stations.js';
import { report, timeIt } from './harness.js';

const DAY = 86_400_000;

/** The naive baseline: elevation every second at every station, passes counted by sign changes. */
function naiveScan(sat: Satellite, observers: readonly Observer[], t0: number, t1: number, maskDeg: number): number {
  const sinMask = Math.sin((maskDeg * Math.PI) / 180);
  const state = new Float64Array(6);
  const above = observers.map(() => false);
  let rises = 0;
  for (let t = t0; t < t1; t += 1000) {
    sat.stateEcf(t, state);
    observers.forEach((o, k) => {
      const up = o.sinElevation(state) >= sinMask;
      if (up && !above[k]) rises++;
      above[k] = up;
    });
  }
  return rises;
}

export function benchPasses(): void {
  const micius2016 = new Satellite([loadElementSets(BUNDLED_TLE_PATH)[0]!]);
  const observers = loadCatalog().map((s) => new Observer(s));
  const t0 = Date.UTC(2016, 11, 19);
  const stats = { sgp4Calls: 0, samples: 0, anomalies: 0 };
  const year = timeIt(() => {
    stats.sgp4Calls = 0;
    stats.samples = 0;
    return findPasses([micius2016], observers, t0, t0 + 365 * DAY, { minElevationDeg: 10 }, stats);
  }, 5);
  report({
    name: 'passes: Micius 2016 set, 6 stations, 365 days',
    value: `${(year.ms / 1000).toFixed(3)} s, ${stats.sgp4Calls} SGP4 calls (${stats.samples} scan samples), ${year.result.length} passes`,
    target: { text: '< 0.3 s', met: year.ms < 300 },
  });

  const naiveDays = 2;
  const naive = timeIt(() => naiveScan(micius2016, observers, t0, t0 + naiveDays * DAY, 10), 1);
  const ours2 = findPasses([micius2016], observers, t0, t0 + naiveDays * DAY).filter((p) => !p.riseClipped).length;
  const naiveYearMs = (naive.ms * 365) / naiveDays;
  report({
    name: `passes: naive 1 s scan, ${naiveDays} days scaled to 365`,
    value: `${(naiveYearMs / 1000).toFixed(1)} s (${naive.result} rises in ${naiveDays} days; qkdsim finds ${ours2})`,
  });
  report({ name: 'passes: speed-up over the naive scan', value: `${(naiveYearMs / year.ms).toFixed(0)}x` });

  // 100 LEO satellites (Walker 100/10/1 at 550 km, 53 deg) over the 6 catalogue stations and 14
  // more spread over latitudes -60..70 and all longitudes.
  const walker = walkerDelta({ satellites: 100, planes: 10, phasing: 1, altitudeKm: 550, inclinationDeg: 53, epochUtcMs: t0 });
  const sats = walker.map((s) => new Satellite([s]));
  const extra = Array.from({ length: 14 }, (_, i) => new Observer({ id: `s${i}`, name: `s${i}`, latDeg: -60 + i * 10, lonDeg: -170 + i * 25, altM: 100 }));
  const twenty = [...observers, ...extra];
  const cstats = { sgp4Calls: 0, samples: 0, anomalies: 0 };
  const constellation = timeIt(() => {
    cstats.sgp4Calls = 0;
    return findPasses(sats, twenty, t0, t0 + 30 * DAY, { minElevationDeg: 10 }, cstats);
  }, 1);
  report({
    name: 'passes: 100 LEO satellites x 20 stations x 30 days',
    value: `${(constellation.ms / 1000).toFixed(2)} s, ${cstats.sgp4Calls} SGP4 calls, ${constellation.result.length} passes`,
    target: { text: '< 10 s', met: constellation.ms < 10_000 },
  });
}
