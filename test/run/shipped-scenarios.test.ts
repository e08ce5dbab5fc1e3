/**
 * Invariants on every shipped scenario (scenarios/*.yaml): exact conservation on every pool, no
 * negative or over-full pool at any sample, served <= requested, byte-identical reports for the same
 * seed, and a different report for another seed where randomness is used.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../../sim/run/index.js';
import { buildReport, reportJson } from '../../sim/report/run-report.js';
import { loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';

const dir = join(REPO_ROOT, 'scenarios');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== 'stations.yaml').sort();
/** Long scenarios are shortened here (their full runs are benchmarks); invariants hold on any span. */
const MAX_TEST_DAYS = 10;

const inv = suite('shipped scenarios');
inv('there are shipped scenarios to check', () => {
  assert.ok(files.length >= 2, files.join(', '));
});
for (const file of files) {
  inv(`${file}: ledgers balance, pools stay in [0, capacity], served <= requested, same seed same bytes`, () => {
    const path = join(dir, file);
    const first = loadScenarioFile(path, { label: `scenarios/${file}` });
    const days = Math.min(MAX_TEST_DAYS, first.durationMs / 86_400_000);
    const scenario = loadScenarioFile(path, { label: `scenarios/${file}`, days });
    const result = runScenario(scenario);
    for (const l of result.links) {
      assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, `${file}: ledger of ${l.id}`);
      assert.ok(l.ledgerBalanced, `${file}: ${l.id}`);
    }
    result.series.levels.forEach((row, i) => {
      const cap = scenario.links[i]!.pool.capacityBits;
      assert.ok(row.every((v) => v >= 0 && v <= cap && Number.isInteger(v)), `${file}: pool ${scenario.links[i]!.id} out of [0, ${cap}]`);
    });
    for (const d of result.demands) assert.ok(d.servedBits <= d.requestedBits, `${file}: ${d.id} served ${d.servedBits} > requested ${d.requestedBits}`);
    const a = reportJson(buildReport(result));
    const b = reportJson(buildReport(runScenario(loadScenarioFile(path, { label: `scenarios/${file}`, days }))));
    assert.ok(a === b, `${file}: two runs with seed ${scenario.seed} differ`);
    const random = scenario.demands.some((d) => d.kind === 'poisson') || scenario.stations.some((s) => s.weather) || scenario.links.some((l) => l.kind === 'fiber' && l.faults);
    if (random) {
      const other = reportJson(buildReport(runScenario(loadScenarioFile(path, { label: `scenarios/${file}`, days, seed: scenario.seed + 1 }))));
      assert.ok(other !== a, `${file}: uses randomness but another seed gives the same report`);
    }
  });
}
inv.run();
