/**
 * issue-11: the command line refuses what no careful user means, with one line per problem naming
 * the flag or the file and line, what was expected and what was found: steps that round to zero,
 * zero-length spans, impossible dates, NaN and Infinity, element sets from before the first
 * satellite or that SGP4 cannot start from, OMM JSON syntax errors, oversize scenario files, and
 * scenario names that would lead the output out of runs/. Every input here is new (none of
 * test/fixtures); the element sets are built in the test with valid checksums.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';
import { defaultRunFolder } from '../../sim/cli/commands/run.js';
import { tleChecksum } from '../../sim/orbit/tle.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'qkdsim-bad-'));

/** A TLE pair with the checksums made right (columns 1-68 as given). */
function tle(name: string, line1: string, line2: string): string {
  const fix = (l: string) => `${l.slice(0, 68)}${tleChecksum(l)}`;
  return `${name}\n${fix(line1)}\n${fix(line2)}\n`;
}
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
/** The stderr lines of a failed command; asserts exit 2 and no stack trace. */
async function refused(...args: string[]): Promise<string[]> {
  const r = await runCli(...args);
  assert.is(r.code, 2, `exit code of qkdsim ${args.join(' ')}: ${r.err}`);
  assert.not.match(r.err, /\n\s+at /);
  return r.err.trim().split('\n').filter((l) => !l.startsWith('qkdsim: warning:'));
}

const flags = suite('flags (issue-11)');

flags('passes --samples 0.0001 (a step that rounds to 0 ms) is refused with the minimum', async () => {
  assert.equal(await refused('passes', '--samples', '0.0001', '--format', 'json'), [
    'qkdsim: --samples: expected a number in [1, 3600], got "0.0001" (pass times are found to 0.5 s, so finer samples add nothing; a step under 1 ms would round to 0)',
  ]);
});

flags('passes --samples that would print millions of samples is refused after the search, before any sample', async () => {
  const lines = await refused('passes', '--days', '366', '--samples', '1', '--format', 'json');
  assert.is(lines.length, 1);
  assert.match(lines[0]!, /^qkdsim: --samples: expected at most 1000000 samples in all, got \d{7} \(\d+ passes every 1 s\): widen the step or shorten the window$/);
});

flags('passes --days -2 gives one error, not a second one about --end', async () => {
  assert.equal(await refused('passes', '--days', '-2'), ['qkdsim: --days: expected a number in [6.94e-4, 3660], got "-2" (one minute: a shorter span holds no pass and rounds to a few ms of simulated time)']);
});

flags('NaN and Infinity are named as what they are', async () => {
  assert.equal(await refused('passes', '--days', 'NaN'), ['qkdsim: --days: expected a number in [6.94e-4, 3660], got "NaN"']);
  assert.equal(await refused('passes', '--min-elevation', '1e400'), ['qkdsim: --min-elevation: expected a number in [0, 89], got "1e400" (that is Infinity)']);
});

flags('run --days 2e-9 (a zero-length span) is refused', async () => {
  const lines = await refused('run', join(dir, 'none.yaml'), '--days', '2e-9');
  assert.equal(lines, ['qkdsim: --days: expected a number in [6.94e-4, 3660], got "2e-9" (one minute: a shorter span holds no pass and rounds to a few ms of simulated time)']);
});

flags('passes --end one second after --start is refused', async () => {
  assert.equal(await refused('passes', '--start', '2017-05-05T10:00:00Z', '--end', '2017-05-05T10:00:01Z'), ['qkdsim: --end: expected a span of at least one minute after --start, got 2017-05-05T10:00:01Z']);
});

const dates = suite('dates (issue-11)');

dates('impossible dates and times in flags are refused with the reason', async () => {
  assert.equal(await refused('passes', '--start', '2019-02-29'), ['qkdsim: --start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "2019-02-29" (February 2019 has 28 days, got day 29)']);
  assert.equal(await refused('passes', '--start', '2018-11-31T10:00:00Z'), ['qkdsim: --start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "2018-11-31T10:00:00Z" (November 2018 has 30 days, got day 31)']);
  assert.equal(await refused('passes', '--start', '2018-11-20', '--end', '2018-11-21T24:00:00Z'), ['qkdsim: --end: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "2018-11-21T24:00:00Z" (hour 24 is not in 00-23; write 00:00 of the next day)']);
  assert.equal(await refused('passes', '--start', '1944-06-06'), ['qkdsim: --start: expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got "1944-06-06" (before the first satellite (Sputnik 1, launched 1957-10-04T19:28:34.000Z))']);
});

const sets = suite('element sets (issue-11)');

sets('a TLE epoch before Sputnik 1 (day 250 of 1957) is refused at its line', async () => {
  const file = write('early.tle', tle('EARLY', '1 00099U 57099A   57250.50000000  .00000000  00000-0  00000-0 0  9990', '2 00099  65.1000  80.0000 0050000  90.0000 270.0000 15.00000000000010'));
  assert.equal(await refused('passes', '--tle', file), [`qkdsim: ${file}:2: expected an epoch after the first satellite's launch (Sputnik 1, 1957-10-04T19:28:34.000Z), got 1957-09-07T12:00:00.000Z`]);
});

sets('a TLE day 366 of a year that has 365 is refused (it would roll into the next year)', async () => {
  const file = write('day366.tle', tle('ROLL', '1 44444U 19001A   21366.25000000  .00000000  00000-0  00000-0 0  9990', '2 44444  53.0000  80.0000 0001000  90.0000 270.0000 15.05000000000010'));
  assert.equal(await refused('passes', '--tle', file), [`qkdsim: ${file}:2: epoch day (columns 21-32) expected a day of 2021 in [1, 366) but got "366.25000000"`]);
});

sets('element sets SGP4 cannot start from are named by file and line, for each bad set', async () => {
  // A perigee 16 km below the surface at the epoch (mean motion 16.5 rev/day, e = 0.03, mean
  // anomaly 0: at perigee), and a near-parabolic orbit; the good set between them is not blamed.
  const file = write('sgp4.tle', [
    tle('SUBSURFACE', '1 55555U 22001A   22100.00000000  .00000000  00000-0  00000-0 0  9990', '2 55555  51.6000 100.0000 0300000   0.0000   0.0000 16.50000000000010'),
    tle('FINE', '1 55556U 22001B   22100.00000000  .00000000  00000-0  00000-0 0  9990', '2 55556  51.6000 100.0000 0001000   0.0000   0.0000 15.50000000000010'),
    tle('ECCENTRIC', '1 55557U 22001C   22100.00000000  .00000000  00000-0  00000-0 0  9990', '2 55557  51.6000 100.0000 9990000   0.0000   0.0000  0.80000000000010'),
  ].join(''));
  const lines = await refused('passes', '--tle', file, '--start', '2022-04-10', '--days', '1');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0]!, new RegExp(`^qkdsim: ${file}:2: SGP4 cannot propagate this element set even at its epoch \\(2022-04-10T00:00:00\\.000Z\\): `));
  assert.match(lines[1]!, new RegExp(`^qkdsim: ${file}:8: SGP4 cannot propagate this element set even at its epoch`));
});

sets('an OMM JSON syntax error gives the line, and a trailing comma no raw text', async () => {
  const file = write('omm.json', '[\n  {\n    "OBJECT_NAME": "X",\n    "EPOCH": "2022-04-10T00:00:00",\n  }\n]\n');
  assert.equal(await refused('passes', '--tle', file), [`qkdsim: ${file}:5: invalid JSON at column 3: property name expected`]);
});

sets('an OMM EPOCH of 29 February 2022 is refused', async () => {
  const record = { OBJECT_NAME: 'LEAP', OBJECT_ID: '2022-001A', EPOCH: '2022-02-29T12:00:00.000000', MEAN_MOTION: 15.5, ECCENTRICITY: 0.0001, INCLINATION: 51.6, RA_OF_ASC_NODE: 100, ARG_OF_PERICENTER: 0, MEAN_ANOMALY: 0, EPHEMERIS_TYPE: 0, CLASSIFICATION_TYPE: 'U', NORAD_CAT_ID: 55555, ELEMENT_SET_NO: 999, REV_AT_EPOCH: 1, BSTAR: 0, MEAN_MOTION_DOT: 0, MEAN_MOTION_DDOT: 0 };
  const file = write('leap.json', JSON.stringify([record]));
  assert.equal(await refused('passes', '--tle', file), [`qkdsim: ${file}: [0].EPOCH: expected a UTC time such as "2016-12-18T21:38:11.330592" or "2020-064T10:34:41.4264" but got "2022-02-29T12:00:00.000000"`]);
});

const files = suite('scenario files and the output folder (issue-11)');

files('a 20 MB scenario is refused from its size, before it is read', async () => {
  const file = join(dir, 'huge.yaml');
  writeFileSync(file, `name: huge\nstart: 2020-03-01T00:00:00Z\nnodes:\n${'  - { id: n, kind: relay }\n'.repeat(776_000)}`);
  assert.equal(await refused('run', file), [`qkdsim: ${file}: cannot read scenario file: expected at most 8 MiB, got 20.0 MiB`]);
});

files('a scenario name that climbs out of runs/ is refused, and nothing is written', async () => {
  const work = mkdtempSync(join(tmpdir(), 'qkdsim-name-'));
  const file = join(work, 'climb.yaml');
  writeFileSync(file, 'name: ../../escaped\nstart: 2020-03-01T00:00:00Z\ndays: 1\nnodes: [{ id: a, kind: user }, { id: z, kind: user }]\nlinks: [{ kind: fiber, from: a, to: z, lengthKm: 20 }]\n');
  const io = memoryIo(join(work, 'cwd'));
  mkdirSync(io.cwd);
  assert.is(await main(['node', 'qkdsim', 'run', file, '--quiet'], io), 2);
  assert.match(io.stderr, /climb\.yaml: name: expected a name without "\/", "\\", control characters, and not only dots/);
  assert.equal(readdirSync(work).sort(), ['climb.yaml', 'cwd']);
  assert.equal(readdirSync(io.cwd), []);
});

files('the default output folder is inside runs/ whatever the name (names from file names too)', async () => {
  assert.is(defaultRunFolder('fibre-chain'), join('runs', 'fibre-chain'));
  assert.is(defaultRunFolder('..'), join('runs', '_.'));
  assert.is(defaultRunFolder('.hidden'), join('runs', '_hidden'));
  assert.is(defaultRunFolder('a/b\\c d'), join('runs', 'a_b_c_d'));
  assert.is(defaultRunFolder(''), join('runs', 'scenario'));
  const work = mkdtempSync(join(tmpdir(), 'qkdsim-dot-'));
  const file = join(work, '.hidden.yaml');
  writeFileSync(file, 'start: 2020-03-01T00:00:00Z\ndays: 1\nnodes: [{ id: a, kind: user }, { id: z, kind: user }]\nlinks: [{ kind: fiber, from: a, to: z, lengthKm: 20 }]\n');
  const io = memoryIo(work);
  assert.is(await main(['node', 'qkdsim', 'run', file, '--quiet'], io), 0, io.stderr);
  assert.ok(existsSync(join(work, 'runs', '_hidden', 'report.json')));
});

flags.run();
dates.run();
sets.run();
files.run();
