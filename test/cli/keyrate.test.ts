import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInDelta } from '../helpers.js';
import { runCli } from './run-cli.js';

const run = (...args: string[]) => runCli('keyrate', ...args);

const fiber = suite('qkdsim keyrate fiber');
fiber('--length-km 50 --format json prints the documented fields (lim-2014 preset, 0.2 dB/km)', async () => {
  const r = await run('fiber', '--length-km', '50', '--format', 'json');
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  for (const key of ['lossDb', 'transmittance', 'gain', 'qber', 'y1', 'e1', 'secretKeyPerPulse', 'secretKeyRateBps']) {
    assert.type(out[key], 'number', key);
  }
  assert.is(out.lossDb, 10);
  assert.is(out.preset, 'lim-2014');
  assert.ok(out.secretKeyRateBps > 0);
});
fiber('flags override the preset: --loss-db-per-km 0.16 --extra-loss-db 3 --decoys infinite', async () => {
  const r = await run('fiber', '--length-km', '100', '--loss-db-per-km', '0.16', '--extra-loss-db', '3', '--decoys', 'infinite', '--format', 'json');
  const out = JSON.parse(r.out);
  assertInDelta(out.lossDb, 19, 1e-12, 'loss, dB');
  assert.is(out.decoys, 'infinite');
});
fiber('the table format names units', async () => {
  const r = await run('fiber', '--length-km', '25');
  assert.is(r.code, 0);
  assert.match(r.out, /loss\s+5 dB/);
  assert.match(r.out, /secret key rate\s+[\d.e+-]+ bit\/s/);
});
fiber('--sweep-km prints one row per length and the maximum distance (GYS: 142.0 km at mu 0.48)', async () => {
  const json = await run('fiber', '--preset', 'gys-2004', '--sweep-km', '0:150:10', '--format', 'json');
  assert.is(json.code, 0, json.err);
  const rows = JSON.parse(json.out);
  assert.is(rows.length, 16);
  assert.equal(rows.map((row: { lengthKm: number }) => row.lengthKm).slice(0, 3), [0, 10, 20]);
  assertInDelta(rows[0].maxDistanceKm, 142.0, 0.1, 'max distance, km');
  assert.is(rows[15].secretKeyRateBps, 0);
  const text = await run('fiber', '--preset', 'gys-2004', '--sweep-km', '0:150:50');
  assert.match(text.out, /maximum distance with positive key: 142\.0\d km/);
  assert.is(text.out.trim().split('\n').length, 1 + 1 + 4 + 1);
});
fiber.run();

const downlink = suite('qkdsim keyrate downlink');
downlink('--range-km 645.5 --elevation-deg 47.8 gives the Micius rates near closest approach', async () => {
  const r = await run('downlink', '--range-km', '645.5', '--elevation-deg', '47.8', '--format', 'json');
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assertInDelta(out.lossDb, 29.1, 0.05, 'channel loss, dB');
  assert.ok(out.siftedRateBps > 10_000 && out.siftedRateBps < 14_000, `${out.siftedRateBps}`);
  assert.ok(out.qber > 0.005 && out.qber < 0.02);
  assert.ok(out.secretKeyRateBps > 0);
});
downlink('below the key mask the rates are 0 and the table says why', async () => {
  const r = await run('downlink', '--range-km', '1500', '--elevation-deg', '5');
  assert.is(r.code, 0);
  assert.match(r.out, /outside the key window/);
  assert.match(r.out, /sifted rate\s+0 bit\/s/);
});
downlink('overrides apply: a 0.5 m telescope loses 6 dB of diffraction', async () => {
  const big = JSON.parse((await run('downlink', '--range-km', '1000', '--elevation-deg', '30', '--format', 'json')).out);
  const small = JSON.parse((await run('downlink', '--range-km', '1000', '--elevation-deg', '30', '--receive-aperture-m', '0.5', '--format', 'json')).out);
  assertInDelta(small.lossDb - big.lossDb, 6.0, 0.1, 'dB');
});
downlink.run();

const bad = suite('qkdsim keyrate: bad input exits 2 naming the flag, the range and the value');
const CASES: readonly { args: string[]; message: string }[] = [
  { args: ['fiber', '--length-km', '-5'], message: 'qkdsim: --length-km: expected a number >= 0, got "-5"' },
  { args: ['fiber', '--length-km', 'ten'], message: 'qkdsim: --length-km: expected a number >= 0, got "ten"' },
  { args: ['fiber'], message: 'qkdsim: --length-km: expected a fibre length in km (or --sweep-km FROM:TO:STEP), got nothing' },
  { args: ['fiber', '--length-km', '5', '--dark-count-prob', '1.5'], message: 'qkdsim: --dark-count-prob: expected a number >= 0 and < 1, got "1.5"' },
  { args: ['fiber', '--length-km', '5', '--misalignment', '-0.1'], message: 'qkdsim: --misalignment: expected a number in [0, 0.5], got "-0.1"' },
  { args: ['fiber', '--length-km', '5', '--mu', '0'], message: 'qkdsim: --mu: expected a number > 0 and <= 100, got "0"' },
  { args: ['fiber', '--length-km', '5', '--mu', '0.1', '--nu', '0.2'], message: 'qkdsim: --mu: expected --mu > --nu + --omega, got --mu 0.1, --nu 0.2, --omega 0' },
  { args: ['fiber', '--length-km', '5', '--nu', '0.6'], message: 'qkdsim: --nu: expected --mu > --nu + --omega, got --mu 0.5, --nu 0.6, --omega 0' },
  { args: ['fiber', '--length-km', '5', '--p-mu', '0.5'], message: 'qkdsim: --p-mu: expected --p-mu + --p-nu + --p-omega = 1, got 0.5 + 0.1 + 0.1 = 0.7' },
  { args: ['fiber', '--length-km', '5', '--sifting', '0.3'], message: 'qkdsim: --sifting: expected a number in [0.5, 1], got "0.3"' },
  { args: ['fiber', '--length-km', '5', '--ec-efficiency', '0.9'], message: 'qkdsim: --ec-efficiency: expected a number in [1, 10], got "0.9"' },
  { args: ['fiber', '--length-km', '5', '--decoys', 'two'], message: 'qkdsim: --decoys: expected one of infinite, vacuum-weak, got "two"' },
  { args: ['fiber', '--length-km', '5', '--format', 'xml'], message: 'qkdsim: --format: expected one of table, json, csv, got "xml"' },
  { args: ['fiber', '--sweep-km', '100:0:10'], message: 'qkdsim: --sweep-km: expected FROM:TO:STEP with 0 <= FROM <= TO, STEP > 0 and at most 100000 rows, got "100:0:10"' },
  { args: ['fiber', '--length-km', '5', '--preset', 'micius-2017'], message: 'qkdsim: --preset: unknown fiber preset "micius-2017" (known: gys-2004, lim-2014)' },
  { args: ['downlink', '--range-km', '700', '--elevation-deg', '40', '--preset', 'nope'], message: 'qkdsim: --preset: unknown downlink preset "nope" (known: micius-2017, micius-2021)' },
  { args: ['downlink', '--elevation-deg', '40'], message: 'qkdsim: --range-km: expected a slant range in km, got nothing' },
  { args: ['downlink', '--range-km', '700', '--elevation-deg', '95'], message: 'qkdsim: --elevation-deg: expected a number in [-90, 90], got "95"' },
  { args: ['downlink', '--range-km', '700', '--elevation-deg', '40', '--background-prob', '2'], message: 'qkdsim: --background-prob: expected a number >= 0 and < 1, got "2"' },
  { args: ['downlink', '--range-km', '700', '--elevation-deg', '40', '--receive-aperture-m', '0'], message: 'qkdsim: --receive-aperture-m: expected a number > 0 and <= 20, got "0"' },
];
for (const { args, message } of CASES) {
  bad(`${args.join(' ')}`, async () => {
    const r = await run(...args);
    assert.is(r.code, 2);
    assert.is(r.out, '');
    assert.ok(r.err.split('\n').includes(message), `stderr was:\n${r.err}`);
    assert.not.match(r.err, /at .*\.ts:\d+/);
  });
}
bad('reports every bad flag at once', async () => {
  const r = await run('fiber', '--length-km', '-1', '--mu', 'x', '--misalignment', '2');
  assert.is(r.code, 2);
  assert.is(r.err.trim().split('\n').length, 3);
});
bad.run();
