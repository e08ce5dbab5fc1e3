/**
 * Network benchmark (issue 4): a year of a micius-2017-xinglong-like network — one satellite, six
 * stations, a 32-relay fibre chain, 20 demands — events per second and wall time (target < 2 s).
 */
import { join } from 'node:path';
import { planPasses } from '../../sim/operations/index.js';
import { runScenario } from '../../sim/run/index.js';
import { loadScenarioDocument, loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';
import { report, timeIt } from './harness.js';

const STATIONS = ['xinglong', 'nanshan', 'delingha', 'lijiang', 'ngari', 'graz'];

/** The benchmark scenario document (built here, not shipped). */
export function yearNetworkDocument(days = 365): Record<string, unknown> {
  const relays = Array.from({ length: 32 }, (_, i) => ({ id: `relay-${i + 1}`, kind: 'relay', latDeg: 39.9 - i * 0.25, lonDeg: 116.4 + i * 0.1 }));
  const chain = ['xinglong', ...relays.map((r) => r.id), 'shanghai'];
  const fibres = chain.slice(1).map((to, i) => ({ kind: 'fiber', from: chain[i]!, to, lengthKm: 60, pool: { capacityBits: 50_000_000, warningBits: 1_000_000 } }));
  const downlinks = STATIONS.map((s) => ({ kind: 'downlink', satellite: 'micius', station: s, pool: { capacityBits: 200_000_000, warningBits: 100_000 } }));
  const demands: unknown[] = [];
  for (let k = 0; k < 12; k++) {
    demands.push({ id: `aes-${k}`, kind: 'constant', from: chain[k]!, to: chain[33 - k]!, rateBps: 128 * (1 + (k % 4)) });
  }
  for (let k = 0; k < 4; k++) {
    demands.push({ id: `otp-${k}`, kind: 'poisson', from: chain[2 * k]!, to: 'shanghai', meanIntervalS: 3600, size: { distribution: 'exponential', meanBits: 200_000 }, maxWaitS: 7200 });
  }
  demands.push({ id: 'relay-graz', kind: 'poisson', from: 'graz', to: 'xinglong', meanIntervalS: 86_400, size: { distribution: 'fixed', bits: 100_000 }, maxWaitS: 5 * 86_400 });
  demands.push({ id: 'relay-nanshan', kind: 'poisson', from: 'nanshan', to: 'shanghai', meanIntervalS: 43_200, size: { distribution: 'fixed', bits: 50_000 }, maxWaitS: 3 * 86_400 });
  demands.push({ id: 'bulk-1', kind: 'bulk', from: 'lijiang', to: 'graz', bits: 500_000, start: 10 * 86_400, deadline: 60 * 86_400 });
  demands.push({ id: 'bulk-2', kind: 'bulk', from: 'ngari', to: 'delingha', bits: 300_000, start: 30 * 86_400, deadline: 90 * 86_400 });
  return {
    name: 'bench-year-network',
    start: '2016-12-19T00:00:00Z',
    days,
    seed: 1,
    weather: 'catalogue',
    satellites: [{ id: 'micius', tle: 'tle/micius.tle', select: 'MICIUS' }],
    stations: STATIONS,
    nodes: [...relays, { id: 'shanghai', kind: 'user', latDeg: 31.2, lonDeg: 121.5 }],
    links: [...downlinks, ...fibres],
    demands,
    output: { sampleIntervalS: 3600 },
  };
}

export function benchNetwork(): void {
  const baseDir = join(REPO_ROOT, 'scenarios');
  const scenario = loadScenarioDocument(yearNetworkDocument(), { label: 'bench-year-network', baseDir });
  // One full run to warm the JIT up, then the median of three (as the other benchmarks do).
  const run = timeIt(() => runScenario(scenario), 3);
  const result = run.result;
  const served = result.demands.filter((d) => d.status === 'served').length;
  const planMs = timeIt(() => planPasses(scenario), 1).ms;
  report({
    name: 'run: 1 sat, 6 stations, 32-relay chain, 20 demands, 365 d',
    value: `${(run.ms / 1000).toFixed(2)} s (of which passes + key ${(planMs / 1000).toFixed(2)} s), ${result.stats.events} events, ${Math.round(result.stats.events / (run.ms / 1000))} events/s, ${served}/20 demands served`,
    target: { text: '< 2 s', met: run.ms < 2000 },
  });
}

/** integrated-2021 (issue 5) run for a whole year instead of its month: target < 3 s. */
export function benchIntegrated(): void {
  const scenario = loadScenarioFile(join(REPO_ROOT, 'scenarios', 'integrated-2021.yaml'), { label: 'integrated-2021', days: 365 });
  const run = timeIt(() => runScenario(scenario), 3);
  const r = run.result;
  report({
    name: 'run: integrated-2021 for 365 days (55 links, 18 demands)',
    value: `${(run.ms / 1000).toFixed(2)} s, ${r.stats.events} events, ${Math.round(r.stats.events / (run.ms / 1000))} events/s, ${r.passes.length} passes`,
    target: { text: '< 3 s', met: run.ms < 3000 },
  });
}
