/**
 * The `qkdsim` executable as users run it: a separate process on the compiled build (dist/, which
 * `npm install` makes through the `prepare` script). The build is refreshed first, so the test
 * checks the compiled path itself: no fallback note, the same answers as the in-process CLI, and a
 * study whose worker threads load the compiled case runner.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import { runCli } from './run-cli.js';

const BIN = join(REPO_ROOT, 'web', 'qkdsim.mjs');
const bin = suite('web/qkdsim.mjs (compiled)');

bin.before(() => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
});

const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

bin('runs from dist/ without the tsx fallback and prints what the in-process CLI prints', async () => {
  const r = run('passes', '--start', '2016-12-19T16:00:00Z', '--days', '0.1', '--station', 'xinglong', '--format', 'json');
  assert.is(r.status, 0, r.stderr);
  assert.not.match(r.stderr, 'running the TypeScript sources');
  const inProcess = await runCli('passes', '--start', '2016-12-19T16:00:00Z', '--days', '0.1', '--station', 'xinglong', '--format', 'json');
  assert.is(r.stdout, inProcess.out);
  assert.is(JSON.parse(r.stdout)[0].culmination, '2016-12-19T16:52:13.535Z');
});

bin('bad input exits 2 with one line and no stack trace', () => {
  const r = run('passes', '--days', 'x');
  assert.is(r.status, 2);
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^qkdsim: --days: /);
});

bin('a study runs its cases on compiled worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-bin-'));
  try {
    const study = join(dir, 'tiny.yaml');
    writeFileSync(study, [
      'name: tiny', 'seed: 3', 'replications: 1',
      'base:', '  start: 2017-01-01T00:00:00Z', '  days: 1',
      '  satellites: [{ id: micius, tle: bundled:micius, select: MICIUS }]',
      '  stations: [xinglong, nanshan]', '  links: [{ kind: downlink, satellite: micius, station: xinglong }, { kind: downlink, satellite: micius, station: nanshan }]',
      'sweep: [{ path: days, values: [1, 2] }]', 'metrics: [keyBitsPerDay]', '',
    ].join('\n'));
    const r = run('study', study, '--out', join(dir, 'out'), '--workers', '2', '--quiet');
    assert.is(r.status, 0, r.stderr);
    // A header line, then one row per case and replication.
    const [header, ...rows] = readFileSync(join(dir, 'out', 'cases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.is(header.format, 'qkdsim-study/1');
    assert.is(rows.length, 2);
    for (const row of rows) {
      assert.is(row.status, 'ok', JSON.stringify(row));
      assert.ok(row.metrics.keyBitsPerDay.total > 0, JSON.stringify(row));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bin.run();
