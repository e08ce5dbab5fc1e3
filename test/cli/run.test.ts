import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { REPO_ROOT } from '../helpers.js';

const chain = join(REPO_ROOT, 'scenarios', 'fibre-chain.yaml');

const run = (...args: string[]) => runCli('run', ...args);

const ok = suite('qkdsim run');
ok('writes report.json and the CSVs and prints a summary', async () => {
  const out = mkdtempSync(join(tmpdir(), 'qkdsim-run-'));
  const r = await run(chain, '--out', out, '--days', '0.25');
  assert.is(r.code, 0, r.err);
  for (const f of ['report.json', 'passes.csv', 'links.csv', 'demands.csv', 'pools.csv', 'nights.csv', 'outages.csv', 'run-info.json']) assert.ok(existsSync(join(out, f)), f);
  assert.match(r.out, /^fibre-chain: 2020-01-01T00:00:00\.000Z to 2020-01-01T06:00:00\.000Z, seed 7/);
  assert.match(r.out, /demand\s+kind\s+from→to/);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  for (const key of ['scenario', 'seed', 'start', 'end', 'passes', 'links', 'demands', 'poolSeries']) assert.ok(key in report, key);
  assert.equal(Object.keys(report.links[0]).slice(0, 4), ['id', 'from', 'to', 'kind']);
  for (const key of ['initialBits', 'generatedBits', 'consumedBits', 'discardedBits', 'finalBits', 'capacityBits']) assert.type(report.links[0][key], 'number');
  for (const key of ['id', 'from', 'to', 'kind', 'requestedBits', 'servedBits', 'status']) assert.ok(key in report.demands[0], key);
  assert.match(report.scenario.fileHash, /^[0-9a-f]{64}$/);
  assert.not.ok('wallTimeS' in report, 'wall-clock facts stay out of report.json');
});
ok('--format json prints the report; --seed changes it; the same seed twice gives the same bytes', async () => {
  const out = mkdtempSync(join(tmpdir(), 'qkdsim-run-'));
  const a = await run(chain, '--out', out, '--days', '0.1', '--format', 'json');
  const b = await run(chain, '--out', out, '--days', '0.1', '--format', 'json');
  const c = await run(chain, '--out', out, '--days', '0.1', '--format', 'json', '--seed', '8');
  assert.is(a.out, b.out);
  assert.is.not(a.out, c.out);
  assert.is(JSON.parse(c.out).seed, 8);
  assert.is(readFileSync(join(out, 'report.json'), 'utf8'), c.out);
});
ok('--quiet prints nothing and still writes the files', async () => {
  const out = mkdtempSync(join(tmpdir(), 'qkdsim-run-'));
  const r = await run(chain, '--out', out, '--days', '0.1', '--quiet');
  assert.equal([r.code, r.out, r.err], [0, '', '']);
  assert.ok(existsSync(join(out, 'report.json')));
});
ok.run();

const bad = suite('qkdsim run: bad input');
bad('a bad scenario reports every issue with file and field path, exit 2, no stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-run-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'start: 2020-01-01T00:00:00Z\nnodes:\n  - { id: a, kind: user }\nlinks:\n  - { kind: fiber, from: a, to: b, lenghtKm: 3 }\ndemands: []\n');
  const r = await run(file);
  assert.is(r.code, 2);
  assert.match(r.err, /bad\.yaml: links\[0\]\.lenghtKm: unknown field "lenghtKm"/);
  assert.not.match(r.err, /\n\s+at /);
});
bad('bad flags are reported together', async () => {
  const r = await run(chain, '--seed', '-1', '--days', 'x', '--format', 'xml');
  assert.is(r.code, 2);
  assert.match(r.err, /--seed: expected an integer/);
  assert.match(r.err, /--days: expected a number in \[6\.94e-4, 3660\], got/);
  assert.match(r.err, /--format: expected one of summary, json/);
});
bad('a missing file', async () => {
  const r = await run('/nonexistent/s.yaml');
  assert.is(r.code, 2);
  assert.match(r.err, /\/nonexistent\/s\.yaml: cannot read scenario file: ENOENT/);
});
bad.run();
