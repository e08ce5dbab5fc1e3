/**
 * The three historical scenarios against what was published (scenarios/README.md has the tables):
 * the checks here are the ones a published figure or an independent computation can support.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { fiberLinkRateBps } from '../../sim/links/index.js';
import { passKey } from '../../sim/links/pass-key.js';
import { getPreset } from '../../sim/links/presets.js';
import { referencePass, timesAtRange } from '../links/reference-pass.js';
import { runScenario } from '../../sim/run/index.js';
import { loadScenarioDocument, loadScenarioFile } from '../../sim/scenario/index.js';
import { REPO_ROOT, assertInDelta } from '../helpers.js';
import { PUBLISHED_RATE_BPS, isTypical, typicalPassRates } from '../reference/fit-micius-2021.js';

const load = (name: string) => loadScenarioFile(join(REPO_ROOT, 'scenarios', `${name}.yaml`), { label: `scenarios/${name}.yaml` });

const m17 = suite('micius-2017-xinglong (Liao et al. 2017)');
m17('the reference pass (2016-12-19) keys ~271 s and ~300 kbit at ~1.1 kbit/s (CAS press release [S], within 15 %)', () => {
  // The pass is checked on a clear night chosen here, not on whatever this seed's weather draws.
  const doc = parseYaml(readFileSync(join(REPO_ROOT, 'scenarios', 'micius-2017-xinglong.yaml'), 'utf8')) as Record<string, unknown>;
  assert.is(doc.weather, 'catalogue', 'the shipped file draws weather; this test sets it clear');
  const r = runScenario(loadScenarioDocument({ ...doc, weather: 'clear' }, { label: 'micius-2017-xinglong (clear)', baseDir: join(REPO_ROOT, 'scenarios') }));
  const i = r.passes.findIndex((p) => Math.abs(p.pass.culminationMs - Date.UTC(2016, 11, 19, 16, 52, 14)) < 5000);
  assert.ok(i >= 0, 'the reference pass is found');
  const p = r.passes[i]!;
  assertInDelta(p.key!.keyWindowS, 272, 3, 'data window, s (published ~273 s [U]; 645-1200 km on this geometry [D])');
  // Published [S]: "about 300 kbit of final key in one pass, 1.1 kbit/s on average"; 15 % is the
  // tolerance this project uses for per-pass key against published figures (the detector, noise and
  // error-correction values behind the model are assumptions; see sim/links/README.md).
  assertInDelta(p.secretBits / 300_000, 1, 0.15, 'finite-key bits / published ~300 kbit');
  assertInDelta(p.secretBits / p.key!.keyWindowS / 1100, 1, 0.15, 'mean key rate / published 1.1 kbit/s');
  // The run's path (its own SGP4 propagation, pass search and key integration) against the link layer
  // alone on the stored satellite.js geometry of the same pass (test/links/reference-pass.ts), over
  // the same 1200 km window: two computations that share only the link model, within 2 %.
  const t = timesAtRange(1200)!;
  const direct = passKey(referencePass, { startMs: t.riseMs, endMs: t.setMs }, getPreset('micius-2017', 'downlink').params);
  assertInDelta(p.secretBits / direct.secretBits, 1, 0.02, 'run pass key / link layer on the stored geometry');
  assert.is(r.passOutcomes[i], 'keyed');
  assert.ok(r.nights.every((n) => n.station === 'xinglong'));
  assert.is(r.nights.reduce((a, n) => a + n.deliveredBits, 0), r.passDeliveredBits.reduce((a, b) => a + b, 0), 'nights add up to the passes');
});
m17.run();

const ic = suite('intercontinental-2018 (Liao et al. 2018)');
ic('the video call and the images are relayed through Micius between Xinglong and Graz, and the report says from when the call could be held', () => {
  const r = runScenario(load('intercontinental-2018'));
  const call = r.demands.find((d) => d.id === 'video-call')!;
  assert.is(call.requestedBits, 576_000, '128 bit/s for 75 minutes (~560 kbit published [S])');
  assert.is(call.status, 'served');
  assert.equal(call.paths[0]!.nodes, ['beijing', 'xinglong', 'micius', 'graz', 'vienna']);
  const images = r.demands.find((d) => d.id === 'otp-images')!;
  assert.is(images.status, 'served');
  const start = Date.UTC(2017, 8, 29, 8) - Date.UTC(2017, 8, 1);
  assert.ok(call.readiness !== null && call.readiness.tMs <= start, 'ready before the call');
  for (const link of ['micius-xinglong', 'micius-graz']) assert.ok(call.readiness!.passesBefore[link]! >= 1, link);
  // Both on-board stores gave the same bits to the relayed demands (K_A xor K_B).
  const xinglong = r.links.find((l) => l.id === 'micius-xinglong')!;
  const graz = r.links.find((l) => l.id === 'micius-graz')!;
  assert.is(xinglong.consumedBits, graz.consumedBits);
  assert.is(xinglong.consumedBits, 576_000 + 80_000);
});
ic.run();

const i21 = suite('integrated-2021 (Chen et al. 2021)');
i21('every backbone hop makes more than the published whole-line 20 kbit/s; satellite relaying reaches the backbone', () => {
  const s = load('integrated-2021');
  const hops = s.links.filter((l) => l.kind === 'fiber' && (l.from.startsWith('relay') || l.to.startsWith('relay')));
  assert.is(hops.length, 33, '32 trusted relays: 33 hops from Beijing to Shanghai');
  const relays = new Set(hops.flatMap((l) => [l.from, l.to]).filter((n) => n !== 'beijing' && n !== 'shanghai'));
  assert.is(relays.size, 32);
  assertInDelta(hops.reduce((a, l) => a + (l.kind === 'fiber' ? l.lengthKm! : 0), 0), 2000, 1, 'backbone fibre, km');
  for (const l of hops) assert.ok(l.kind === 'fiber' && fiberLinkRateBps(l) > 20_000, `${l.id}: ${l.kind === 'fiber' ? fiberLinkRateBps(l) : 0} bit/s`);
  const r = runScenario(s);
  const bulk = r.demands.find((d) => d.id === 'sat-bulk')!;
  assert.is(bulk.status, 'served');
  assert.equal(bulk.paths[0]!.nodes.slice(0, 4), ['urumqi', 'nanshan', 'micius', 'xinglong']);
  for (const l of r.links) assert.is(l.initialBits + l.generatedBits, l.consumedBits + l.discardedBits + l.finalBits, l.id);
});
i21('issue-14: the satellite-ground key per typical pass averages 47.8 kbit/s within 15 % (Chen et al. 2021 [P])', () => {
  // Typical pass (test/reference/fit-micius-2021.ts): a night pass over Xinglong or Nanshan whose
  // culmination lies in [40, 60] deg, around the 47.8 deg of the Liao 2017 pass the paper's "40 times"
  // compares with; rate = finite-key bits / key-window time. Clouded passes count with the key a clear
  // night gives (the run computes it), so the figure does not depend on the weather draw.
  const r = runScenario(load('integrated-2021'));
  const typical = r.passes.filter((p) => p.key !== null && p.key.keyWindowS > 0 && isTypical(p.pass.maxElevationDeg));
  assert.ok(typical.length >= 10, `${typical.length} typical passes`);
  assert.ok(new Set(typical.map((p) => p.pass.station)).size === 2, 'both stations');
  const meanBps = typical.reduce((a, p) => a + p.secretBits / p.key!.keyWindowS, 0) / typical.length;
  assertInDelta(meanBps / PUBLISHED_RATE_BPS, 1, 0.15, 'mean key rate per typical pass / 47.8 kbit/s');
  // The same passes and rates as the fit's own pass search (two code paths: the run's pass plan and
  // the fit script's direct search).
  const xinglong = load('integrated-2021').links.find((l) => l.id === 'micius-xinglong');
  assert.ok(xinglong?.kind === 'downlink');
  const fitRates = typicalPassRates(xinglong.params).map((x) => x.rateBps);
  assert.is(fitRates.length, typical.length);
  assertInDelta(fitRates.reduce((a, b) => a + b, 0) / fitRates.length / meanBps, 1, 1e-9, 'fit script mean / run mean');
});
i21.run();
