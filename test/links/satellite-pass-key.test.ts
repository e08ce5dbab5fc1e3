/**
 * keyForPass on passes found by the orbit layer: the Liao 2017 reference pass end to end (SGP4 ->
 * pass search -> Hermite geometry -> decoy model -> finite key), against the same model integrated
 * over independently produced geometry (satellite.js samples in test/reference/).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BUNDLED_TLE_PATH, Observer, findPasses, loadElementSets, satellitesFromSets } from '../../sim/orbit/index.js';
import { loadCatalog } from '../../sim/scenario/stations.js';
import { getPreset, keyForPass, keyWindowOptions, passKey } from '../../sim/links/index.js';
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';
import { assertInDelta } from '../helpers.js';
import { referencePass, timesAtRange } from './reference-pass.js';

const sats = satellitesFromSets(loadElementSets(BUNDLED_TLE_PATH));
const xinglong = new Observer(loadCatalog().find((s) => s.id === 'xinglong')!);
const base = getPreset('micius-2017', 'downlink').params;
/** Key mask at which the reference pass's window is the published 645-1200 km span. */
const link = { ...base, keyMaskDeg: 19.5 };
const t0 = Date.UTC(2016, 11, 19, 16);

const s = suite('keyForPass(sat, observer, pass, link)');
s('reference pass: ~272 s window and the same key as the fixture geometry (within 1 %)', () => {
  const [pass] = findPasses(sats, [xinglong], t0, t0 + 3_600_000, keyWindowOptions(link));
  const ours = keyForPass(sats[0]!, xinglong, pass!, link)!;
  assertInDelta(ours.keyWindowS, 272, 3, 'key window, s');
  const t = timesAtRange(1200)!;
  const fixture = passKey(referencePass, { startMs: t.riseMs, endMs: t.setMs }, link);
  assertInDelta(ours.siftedBits / fixture.siftedBits, 1, 0.01, 'sifted bits ratio');
  assertInDelta(ours.secretBits / fixture.secretBits, 1, 0.01, 'finite-key bits ratio');
  assertInDelta(ours.secretBitsAsymptotic / fixture.secretBitsAsymptotic, 1, 0.01, 'asymptotic bits ratio');
});
s('halving the integration step (10 s -> 5 s) changes the pass key by < 0.5 % on the real geometry', () => {
  const [pass] = findPasses(sats, [xinglong], t0, t0 + 3_600_000, keyWindowOptions(base));
  const a = keyForPass(sats[0]!, xinglong, pass!, base, { stepMs: 10_000 })!;
  const b = keyForPass(sats[0]!, xinglong, pass!, base, { stepMs: 5_000 })!;
  for (const key of ['siftedBits', 'secretBits', 'secretBitsAsymptotic'] as const) assertInDelta(b[key] / a[key], 1, 0.005, key);
});
s('a daylight pass has no key window and yields null', () => {
  const day = Date.UTC(2016, 11, 19, 3);
  const [pass] = findPasses(sats, [xinglong], day, day + 3_600_000, keyWindowOptions(base));
  assert.is(pass!.keyWindow, null);
  assert.is(keyForPass(sats[0]!, xinglong, pass!, base), null);
});
s.run();

const cli = suite('qkdsim passes --key');
cli('adds keyWindowS, siftedBits, qber, secretBits, secretBitsAsymptotic to each pass', async () => {
  const io = memoryIo();
  const code = await main(['node', 'qkdsim', 'passes', '--start', '2016-12-19T16:00:00Z', '--days', '0.05', '--station', 'xinglong', '--key', '--key-mask', '19.5', '--format', 'json'], io);
  assert.is(code, 0, io.stderr);
  const [p] = JSON.parse(io.stdout);
  assertInDelta(p.keyWindowS, 272, 3, 'keyWindowS');
  assert.ok(p.secretBits > 250_000 && p.secretBits < p.secretBitsAsymptotic, `secretBits ${p.secretBits}`);
  assert.ok(p.qber > 0.005 && p.qber < 0.03, `qber ${p.qber}`);
  assert.ok(Number.isInteger(p.secretBits));
});
cli('daylight passes carry zeros and a null QBER; an unknown preset is exit 2 naming the known ones', async () => {
  const io = memoryIo();
  await main(['node', 'qkdsim', 'passes', '--start', '2016-12-19T03:00:00Z', '--days', '0.05', '--station', 'xinglong', '--key', '--format', 'json'], io);
  const [p] = JSON.parse(io.stdout);
  assert.equal([p.keyWindowS, p.secretBits, p.qber], [0, 0, null]);
  const bad = memoryIo();
  assert.is(await main(['node', 'qkdsim', 'passes', '--key', '--preset', 'nope'], bad), 2);
  assert.match(bad.stderr, /--preset: unknown downlink preset "nope" \(known: micius-2017, micius-2021\)/);
  const noKey = memoryIo();
  assert.is(await main(['node', 'qkdsim', 'passes', '--preset', 'micius-2017'], noKey), 2);
  assert.match(noKey.stderr, /--preset: only applies with --key/);
});
cli.run();
