import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { fixturePath } from '../helpers.js';

const run = (...args: string[]) => runCli('passes', ...args);

const ok = suite('qkdsim passes');
ok('--format json prints one array with every contract field (reference pass)', async () => {
  const r = await run('--start', '2016-12-19T16:00:00Z', '--end', '2016-12-19T17:00:00Z', '--station', 'xinglong', '--format', 'json');
  assert.is(r.code, 0, r.err);
  const passes = JSON.parse(r.out);
  assert.is(passes.length, 1);
  const p = passes[0];
  for (const key of ['satellite', 'station', 'rise', 'culmination', 'set', 'maxElevationDeg', 'rangeAtCulminationKm', 'riseAzimuthDeg', 'setAzimuthDeg', 'durationS', 'sunElevationAtCulminationDeg', 'night', 'satelliteSunlit', 'riseClipped', 'setClipped', 'tleEpoch']) {
    assert.ok(key in p, `missing ${key}`);
  }
  assert.is(p.satellite, 'MICIUS');
  assert.match(p.culmination, /^2016-12-19T16:52:1[34]\.\d{3}Z$/);
  assert.is(p.tleEpoch, '2016-12-18T21:38:11.331Z');
});
ok('defaults: bundled TLEs, six stations, 7 days from the first epoch day, table output', async () => {
  const r = await run();
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^station\s+date \(UTC\)\s+rise/);
  assert.match(r.out, /2016-12-18/);
  assert.match(r.out, /\n\d+ passes\n$/);
  for (const id of ['xinglong', 'nanshan', 'delingha', 'lijiang', 'ngari', 'graz']) assert.match(r.out, new RegExp(`\\n${id} `));
  assert.not.match(r.out, /2016-12-25T/);
});
ok('--format csv has a header row and one row per pass', async () => {
  const r = await run('--start', '2016-12-19', '--days', '1', '--format', 'csv');
  const lines = r.out.trim().split('\n');
  assert.ok(lines[0]!.startsWith('satellite,station,rise,culmination,set,maxElevationDeg'));
  assert.is(lines.length, 18);
});
ok('--samples adds geometry samples to JSON passes', async () => {
  const r = await run('--start', '2016-12-19T16:00:00Z', '--days', '0.05', '--station', 'xinglong', '--format', 'json', '--samples', '30');
  const [p] = JSON.parse(r.out);
  assert.ok(p.samples.length >= 14);
  assert.is(p.samples[0].t, p.rise);
});
ok('a run far from every epoch warns on stderr and still succeeds', async () => {
  const r = await run('--start', '2017-03-01', '--days', '1', '--station', 'graz', '--format', 'json');
  assert.is(r.code, 0);
  assert.match(r.err, /qkdsim: warning: MICIUS: propagating up to \d+\.\d days from the epoch/);
});
ok('--stations FILE reads a JSON station list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-'));
  const file = join(dir, 'st.json');
  writeFileSync(file, JSON.stringify([{ id: 'madrid', name: 'Madrid', latDeg: 40.4, lonDeg: -3.7, altM: 650 }]));
  const r = await run('--stations', file, '--start', '2016-12-19', '--days', '1', '--format', 'json');
  assert.is(r.code, 0, r.err);
  assert.ok(JSON.parse(r.out).every((p: { station: string }) => p.station === 'madrid'));
});
ok.run();

const bad = suite('qkdsim passes: bad input');
const cases: [string, string[], RegExp[]][] = [
  ['negative days', ['--days', '-1'], [/^qkdsim: --days: expected a number in \[6\.94e-4, 3660\], got "-1" \(one minute: a shorter span holds no pass/m]],
  ['days and end together', ['--days', '2', '--end', '2016-12-20'], [/--days: give either --days or --end, not both/]],
  ['unknown station lists the known', ['--station', 'vienna'], [/--station: unknown station "vienna" \(known: xinglong, nanshan, delingha, lijiang, ngari, graz\)/]],
  ['bad format', ['--format', 'xml'], [/--format: expected one of table, json, csv, got "xml"/]],
  ['bad start', ['--start', 'yesterday'], [/--start: expected an ISO 8601 UTC time/]],
  ['mask out of range', ['--min-elevation', '95'], [/--min-elevation: expected a number in \[0, 89\], got "95"/]],
  ['end before start', ['--start', '2016-12-20', '--end', '2016-12-19'], [/--end: expected a time after --start/]],
  ['bad TLE file names file and line', ['--tle', fixturePath('bad-tle', 'checksum.tle')], [/checksum\.tle:3: checksum expected 3 but got 7/]],
  ['missing TLE file', ['--tle', '/nonexistent/x.tle'], [/\/nonexistent\/x\.tle: cannot read element-set file: ENOENT/]],
  ['several problems at once', ['--days', '0', '--format', 'xml'], [/--format/, /--days/]],
];
for (const [name, args, patterns] of cases) {
  bad(`${name}: exit 2, one line per problem, no stack trace`, async () => {
    const r = await run(...args);
    assert.is(r.code, 2);
    assert.is(r.out, '');
    for (const p of patterns) assert.match(r.err, p);
    assert.not.match(r.err, /\n\s+at /);
  });
}
bad('a bad station file names the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-'));
  const file = join(dir, 'st.yaml');
  writeFileSync(file, '- id: x\n  name: X\n  latDeg: 95\n  lonDeg: 0\n  altM: 0\n  altitude: 3\n');
  const r = await run('--stations', file);
  assert.is(r.code, 2);
  assert.match(r.err, /st\.yaml: \[0\]\.latDeg: expected a number <= 90, got 95/);
  assert.match(r.err, /st\.yaml: \[0\]\.altitude: unknown field "altitude"/);
});
bad.run();
