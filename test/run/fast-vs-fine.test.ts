/**
 * issue-13: a small constellation (12 satellites x 8 stations x 2 days, weather at two stations, two
 * satellite-relayed demands) through the fast paths against the fine per-pass path.
 *
 * Fast: what `qkdsim run` does (lazy 16-point Gauss-Legendre pass keys; rows and samples streamed
 * to their files while the run goes, a summary report). Fine: 'simpson' integration (composite
 * Simpson at 10 s with window edges refined to 50 ms, the integration every pass used before the
 * fast paths), everything held in memory for a full report.
 *
 * What must hold: the same passes (geometry to the millisecond) with the same outcomes; each pass's
 * secret key within 0.5 % of the fine value (the issue's bound, passes of at least 1 kbit), and each
 * link's generated bits too; every ledger balanced in both; and streaming changes nothing: the rows
 * streamed to passes.csv and pools.csv are, byte for byte, those of a full report held in memory.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenario } from '../../sim/run/index.js';
import { RunFiles } from '../../sim/report/run-files.js';
import { buildReport, passesCsv, poolsCsv } from '../../sim/report/run-report.js';
import { parseScenarioText } from '../../sim/scenario/index.js';
import { REPO_ROOT } from '../helpers.js';

const stations = Array.from({ length: 8 }, (_, i) => {
  const weather = i === 2 || i === 5 ? ', weather: { clearProbability: 0.5 }' : '';
  return `  - { id: gs-${i}, latDeg: ${-55 + i * 15}, lonDeg: ${-170 + i * 43}, altM: 100, receiveApertureM: 1${weather} }`;
});
const TEXT = `name: fast-vs-fine
start: 2024-03-01T00:00:00Z
days: 2
seed: 11
satellites:
  - { id: w, walker: { satellites: 12, planes: 3, phasing: 1, altitudeKm: 550, inclinationDeg: 53 } }
stations:
${stations.join('\n')}
links:
${stations.map((_, i) => `  - { kind: downlink, satellite: w, station: gs-${i} }`).join('\n')}
demands:
  - { id: far, kind: poisson, from: gs-1, to: gs-6, meanIntervalS: 3600, maxWaitS: 86400, size: { distribution: fixed, bits: 2000 } }
  - { id: near, kind: bulk, from: gs-3, to: gs-4, bits: 5000, start: 2024-03-01T06:00:00Z, deadline: 2024-03-03T00:00:00Z }
output: { sampleIntervalS: 600 }
`;
const scenario = parseScenarioText(TEXT, 'fast-vs-fine.yaml', REPO_ROOT);

const t = suite('a 12 x 8 x 2-day constellation: fast paths vs the fine per-pass path');

t('same passes and outcomes, keys within 0.5 %, ledgers balanced, streamed rows = the full report rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-fast-'));
  try {
    const files = new RunFiles(dir, scenario);
    const fast = runScenario(scenario, { sink: files, keepSeries: false });
    const written = files.finish(fast, 'summary');
    const fine = runScenario(scenario, { integration: 'simpson' });

    assert.ok(fast.passes.length >= 300, `${fast.passes.length} passes`);
    assert.is(fast.passes.length, fine.passes.length);
    let keyed = 0;
    let clouded = 0;
    let worst = 0;
    fast.passes.forEach((p, i) => {
      const q = fine.passes[i]!;
      const where = `${p.linkId} ${new Date(p.pass.riseMs).toISOString()}`;
      assert.equal([p.linkId, p.pass.riseMs, p.pass.culminationMs, p.pass.setMs], [q.linkId, q.pass.riseMs, q.pass.culminationMs, q.pass.setMs], where);
      assert.is(fast.passOutcomes[i], fine.passOutcomes[i], where);
      if (fast.passOutcomes[i] === 'keyed') keyed++;
      if (fast.passOutcomes[i] === 'clouded') clouded++;
      if (q.secretBits >= 1000) {
        const rel = Math.abs(p.secretBits / q.secretBits - 1);
        worst = Math.max(worst, rel);
        assert.ok(rel <= 0.005, `${where}: ${p.secretBits} vs ${q.secretBits} bits`);
      }
    });
    assert.ok(keyed >= 20 && clouded >= 1, `${keyed} keyed, ${clouded} clouded passes`);
    assert.ok(worst > 0, 'the two integrations do differ (the comparison is not of a path with itself)');

    fast.links.forEach((l, i) => {
      const f = fine.links[i]!;
      assert.ok(l.ledgerBalanced && f.ledgerBalanced, l.id);
      assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, l.id);
      assert.is([l.passes, l.keyedPasses].join(), [f.passes, f.keyedPasses].join(), l.id);
      if (f.generatedBits > 0) assert.ok(Math.abs(l.generatedBits / f.generatedBits - 1) <= 0.005, `${l.id}: ${l.generatedBits} vs ${f.generatedBits}`);
    });
    assert.ok(fast.demands.every((d) => d.servedBits <= d.requestedBits));

    // Streaming: passes.csv as written during the run equals the full report's rows of the same run,
    // and pools.csv the series of the same scenario run again in memory.
    assert.is(written.detail, 'summary');
    assert.fixture(readFileSync(join(dir, 'passes.csv'), 'utf8'), passesCsv(buildReport(fast, { detail: 'full' })));
    assert.fixture(readFileSync(join(dir, 'pools.csv'), 'utf8'), poolsCsv(buildReport(runScenario(scenario), { detail: 'full' })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

t.run();
