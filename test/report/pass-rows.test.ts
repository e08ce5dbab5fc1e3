/**
 * The streamed passes.csv line (passCsvLineOf, built straight from the pass) against the line the
 * generic CSV writer gives for the report record (passCsvLine(reportPass(...)), i.e. formatCsv's
 * quoting of each field of the JSON record), for every pass of real runs: a Micius week (clouded
 * nights, keyed and not), the intercontinental relay, and a small Walker constellation whose station
 * names need quoting.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { passCsvLine, passCsvLineOf, reportPass } from '../../sim/report/pass-rows.js';
import { runScenario } from '../../sim/run/index.js';
import { loadScenarioDocument, loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';

const test = suite('passCsvLineOf(pass, outcome, delivered, start)');

test('equals the generic CSV line of the report record on every pass of three runs', () => {
  const walker = loadScenarioDocument({
    start: '2024-03-01T00:00:00Z', days: 1, satellites: [{ id: 'w', walker: { satellites: 4, planes: 2, phasing: 1, altitudeKm: 550, inclinationDeg: 53 } }],
    stations: [{ id: 'a', name: 'Quoted, "station"', latDeg: 10, lonDeg: 20, altM: 0 }, { id: 'b', latDeg: -30, lonDeg: 150, altM: 0 }],
    links: [{ kind: 'downlink', satellite: 'w', station: 'a' }, { kind: 'downlink', satellite: 'w', station: 'b' }],
  }, { label: 'walker.json', baseDir: REPO_ROOT });
  const scenarios = [
    loadScenarioFile(join(REPO_ROOT, 'scenarios', 'micius-2017-xinglong.yaml')),
    loadScenarioFile(join(REPO_ROOT, 'scenarios', 'intercontinental-2018.yaml'), { days: 5 }),
    walker,
  ];
  let lines = 0;
  const outcomes = new Set<string>();
  for (const scenario of scenarios) {
    const r = runScenario(scenario);
    r.passes.forEach((p, i) => {
      const want = passCsvLine(reportPass(p, r.passOutcomes[i]!, r.passDeliveredBits[i]!, scenario.startUtcMs));
      assert.is(passCsvLineOf(p, r.passOutcomes[i]!, r.passDeliveredBits[i]!, scenario.startUtcMs), want);
      outcomes.add(r.passOutcomes[i]!);
      lines++;
    });
  }
  assert.ok(lines > 100, `${lines} lines`);
  for (const o of ['keyed', 'daylight', 'clouded', 'below-key-mask']) assert.ok(outcomes.has(o), `covers ${o}`);
});

test.run();
