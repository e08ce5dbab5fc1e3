/**
 * Link-physics benchmark (issue 3): key-rate evaluations per second, and the key of every pass of
 * one satellite over six stations for a year, pass search included.
 */
import { performance } from 'node:perf_hooks';
import { BUNDLED_TLE_PATH, Observer, Satellite, findPasses, loadElementSets } from '../../sim/orbit/index.js';
import { loadCatalog } from '../../sim/scenario/stations.js';
import { downlinkRates, fiberKeyRate, getPreset, keyForPass, keyWindowOptions } from '../../sim/links/index.js';
import { report, timeIt } from './harness.js';

const DAY = 86_400_000;

export function benchLinks(): void {
  const fiber = getPreset('lim-2014', 'fiber').params;
  const down = getPreset('micius-2017', 'downlink').params;
  const n = 200_000;
  let sink = 0;
  const fiberRun = timeIt(() => {
    for (let i = 0; i < n; i++) sink += fiberKeyRate((i % 2000) * 0.1, fiber).secretKeyRateBps;
  }, 3);
  report({ name: 'keyrate: fibre decoy-state evaluations', value: `${((n / fiberRun.ms) * 1000 / 1e6).toFixed(2)} M/s` });
  const downRun = timeIt(() => {
    for (let i = 0; i < n; i++) sink += downlinkRates(600 + (i % 1000), 15 + (i % 70), down).secretKeyRateBps;
  }, 3);
  report({ name: 'keyrate: downlink evaluations', value: `${((n / downRun.ms) * 1000 / 1e6).toFixed(2)} M/s` });

  const sat = new Satellite([loadElementSets(BUNDLED_TLE_PATH)[0]!]);
  const catalog = loadCatalog();
  const observers = catalog.map((s) => new Observer(s));
  const t0 = Date.UTC(2016, 11, 19);
  let keyed = 0;
  let bits = 0;
  let searchMs = 0;
  const year = timeIt(() => {
    const a = performance.now();
    const passes = findPasses([sat], observers, t0, t0 + 365 * DAY, { minElevationDeg: 10, ...keyWindowOptions(down) });
    searchMs = performance.now() - a;
    keyed = 0;
    bits = 0;
    for (const p of passes) {
      const obs = observers.find((o) => o.station.id === p.station)!;
      const r = keyForPass(sat, obs, p, down);
      if (r && r.secretBits > 0) {
        keyed++;
        bits += r.secretBits;
      }
    }
    return passes.length;
  }, 5);
  report({
    name: 'keyrate: key of every pass, 1 sat x 6 stations x 365 d',
    value: `${(year.ms / 1000).toFixed(3)} s (search ${(searchMs / 1000).toFixed(3)} s), ${year.result} passes, ${keyed} with key, ${(bits / 1e6).toFixed(1)} Mbit`,
    target: { text: '< 0.5 s', met: year.ms < 500 },
  });
  if (sink === 42) console.log('');
}
