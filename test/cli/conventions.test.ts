/**
 * issue-10: the command line behaves as a Unix tool: a closed standard output ends it quietly with
 * exit 0, `-` reads a file argument from standard input, commander's usage errors and qkdsim's own
 * look alike and exit 2, schema dialects by the names people use, one version, CSV and JSON outputs.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers.js';
import { runCli, runCliWithInput } from './run-cli.js';

const BIN = join(REPO_ROOT, 'web', 'qkdsim.mjs');
const MICIUS_TLE = readFileSync(join(REPO_ROOT, 'scenarios', 'tle', 'micius.tle'), 'utf8');
const PACKAGE_VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

/** Runs the real executable with its standard output closed before it writes anything. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; signal: string | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code, signal) => resolve({ code, signal, err }));
  });
}

const pipe = suite('a closed standard output (qkdsim passes ... | head -1)');
pipe('ends the program quietly with exit 0, no EPIPE and no stack trace', async () => {
  const r = await runWithClosedStdout(['passes', '--days', '30', '--format', 'csv']);
  assert.is(r.signal, null);
  assert.is(r.code, 0, r.err);
  assert.not.match(r.err, /EPIPE|Error|\n\s+at /);
});
pipe.run();

const stdin = suite('- reads a file argument from standard input');
stdin('passes --tle - gives what passes --tle FILE gives; messages name <stdin>', async () => {
  const args = ['passes', '--start', '2016-12-19', '--days', '2', '--format', 'csv'];
  const fromFile = await runCli(...args, '--tle', join(REPO_ROOT, 'scenarios', 'tle', 'micius.tle'));
  const fromStdin = await runCliWithInput(MICIUS_TLE, ...args, '--tle', '-');
  assert.is(fromStdin.code, 0, fromStdin.err);
  assert.ok(fromStdin.out.split('\n').length > 3);
  assert.is(fromStdin.out, fromFile.out);
  const bad = await runCliWithInput('hello\n', ...args, '--tle', '-');
  assert.is(bad.code, 2);
  assert.match(bad.err, /^qkdsim: <stdin>: unrecognised element-set format/);
});
stdin('passes --tle - reads OMM KVN too', async () => {
  const kvn = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'omm', 'ccsds-g7.kvn'), 'utf8');
  const r = await runCliWithInput(kvn, 'passes', '--tle', '-', '--start', '2020-03-04', '--days', '1', '--format', 'json');
  assert.is(r.code, 0, r.err);
  // GOES 9 is geostationary over 81.8 deg E... it never rises or sets: the answer is a JSON list.
  assert.ok(Array.isArray(JSON.parse(r.out)));
});
stdin('only one file argument may be standard input', async () => {
  const r = await runCliWithInput(MICIUS_TLE, 'passes', '--tle', '-', '--stations', '-');
  assert.is(r.code, 2);
  assert.is(r.err, 'qkdsim: --stations: expected standard input (-) for one file only, but --tle and --stations both ask for it\n');
});
stdin('run - runs a scenario piped in; its report equals the one of the same file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-stdin-'));
  try {
    // The shipped fixture with its element-set path made one that holds from any folder.
    const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'scenarios', 'small.yaml'), 'utf8').replace('../../../scenarios/tle/micius.tle', 'bundled:micius');
    const file = join(dir, 'small.yaml');
    writeFileSync(file, text);
    const a = await runCli('run', file, '--days', '1', '--out', join(dir, 'a'), '--format', 'json', '--quiet');
    assert.is(a.code, 0, a.err);
    const b = await runCliWithInput(text, 'run', '-', '--days', '1', '--out', join(dir, 'b'), '--format', 'json', '--quiet');
    assert.is(b.code, 0, b.err);
    const ra = JSON.parse(a.out);
    const rb = JSON.parse(b.out);
    assert.is(rb.scenario.file, null);
    assert.is(rb.scenario.fileHash, ra.scenario.fileHash);
    // The same bytes: the same hash; only the names differ (the file's, or <stdin>).
    assert.is(rb.provenance.inputFiles[0].name, '<stdin>');
    assert.is(rb.provenance.inputFiles[0].sha256, ra.provenance.inputFiles[0].sha256);
    const unnamed = (r: { scenario: object; provenance: { inputFiles: { name: string }[] } }) => ({
      ...r,
      scenario: { ...r.scenario, name: 0, file: 0 },
      provenance: { ...r.provenance, inputFiles: r.provenance.inputFiles.map((f, i) => (i === 0 ? { ...f, name: 0 } : f)) },
    });
    assert.equal(unnamed(rb), unnamed(ra));
    const bad = await runCliWithInput('start: 2016-12-19T00:00:00Z\nsatelites: []\n', 'run', '-', '--out', join(dir, 'c'));
    assert.is(bad.code, 2);
    assert.match(bad.err, /^qkdsim: <stdin>: satelites: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
stdin.run();

const errors = suite('one error style');
errors("commander's usage errors read like qkdsim's and exit 2", async () => {
  const unknown = await runCli('passes', '--bogus');
  assert.is(unknown.code, 2);
  assert.is(unknown.err, "qkdsim: unknown option '--bogus'\nqkdsim: run with --help for usage\n");
  const missing = await runCli('run');
  assert.is(missing.code, 2);
  assert.is(missing.err, "qkdsim: missing required argument 'file'\nqkdsim: run with --help for usage\n");
  const nested = await runCli('keyrate', 'fiber', '--lenght-km', '5');
  assert.is(nested.code, 2);
  assert.match(nested.err, /^qkdsim: unknown option '--lenght-km'/);
  const own = await runCli('passes', '--days', '-1');
  assert.is(own.code, 2);
  assert.match(own.err, /^qkdsim: --days: expected a number in \[6\.94e-4, 3660\]/);
});
errors.run();

const schema = suite('qkdsim schema --target');
schema('accepts the names people use for each dialect', async () => {
  for (const [name, uri] of [
    ['draft-07', 'http://json-schema.org/draft-07/schema#'],
    ['draft-7', 'http://json-schema.org/draft-07/schema#'],
    ['7', 'http://json-schema.org/draft-07/schema#'],
    ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema#'],
    ['2020-12', 'https://json-schema.org/draft/2020-12/schema'],
    ['Draft-2020-12', 'https://json-schema.org/draft/2020-12/schema'],
    ['https://json-schema.org/draft/2020-12/schema', 'https://json-schema.org/draft/2020-12/schema'],
  ]) {
    const r = await runCli('schema', '--target', name!);
    assert.is(r.code, 0, `${name}: ${r.err}`);
    assert.is(JSON.parse(r.out).$schema, uri, name);
  }
  const bad = await runCli('schema', '--target', 'draft-3');
  assert.is(bad.code, 2);
  assert.match(bad.err, /^qkdsim: --target: expected draft-07/);
});
schema.run();

const version = suite('the version');
version('--version prints the version in package.json', async () => {
  const r = await runCli('--version');
  assert.is(r.code, 0);
  assert.is(r.out, `${PACKAGE_VERSION}\n`);
});
version.run();

/** Parses simple CSV (no quoted fields) into objects. */
function csvRows(text: string): Record<string, string>[] {
  const [head, ...rows] = text.trim().split('\n');
  const keys = head!.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i]!, v])));
}

const csv = suite('keyrate --format csv');
csv('fibre sweep, fibre length and downlink: the JSON values in CSV columns', async () => {
  const sweepArgs = ['keyrate', 'fiber', '--sweep-km', '0:100:25'];
  const sweep = csvRows((await runCli(...sweepArgs, '--format', 'csv')).out);
  const sweepJson = JSON.parse((await runCli(...sweepArgs, '--format', 'json')).out) as Record<string, number>[];
  assert.is(sweep.length, 5);
  sweep.forEach((row, i) => {
    assert.is(Number(row.lengthKm), sweepJson[i]!.lengthKm);
    assert.is(Number(row.secretKeyRateBps), sweepJson[i]!.secretKeyRateBps);
    assert.is(Number(row.maxDistanceKm), sweepJson[i]!.maxDistanceKm);
  });
  const one = csvRows((await runCli('keyrate', 'fiber', '--length-km', '50', '--format', 'csv')).out);
  assert.is(one.length, 1);
  assert.is(one[0]!.lengthKm, '50');
  const args = ['keyrate', 'downlink', '--range-km', '800', '--elevation-deg', '40'];
  const down = csvRows((await runCli(...args, '--format', 'csv')).out)[0]!;
  const downJson = JSON.parse((await runCli(...args, '--format', 'json')).out);
  assert.is(Number(down.secretKeyRateBps), downJson.secretKeyRateBps);
  assert.is(Number(down.diffractionLossDb), downJson.loss.diffractionDb);
  assert.is(down.inKeyWindow, 'true');
});
csv.run();

const study = suite('study - --format table|json|csv');
study('a study piped in runs; --format csv prints summary.csv, json its points', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qkdsim-study-'));
  const text = `name: piped
seed: 3
base:
  start: 2016-12-16T00:00:00Z
  days: 1
  satellites:
    - id: w
      walker: { satellites: 1, planes: 1, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 264 }
  stations: [xinglong]
  links:
    - { kind: downlink, satellite: w, station: xinglong }
sweep:
  - { path: "satellites[0].walker.altitudeKm", values: [500, 600] }
metrics: [keyBitsPerDay]
`;
  try {
    const csvRun = await runCliWithInput(text, 'study', '-', '--workers', '1', '--out', join(dir, 'csv'), '--format', 'csv');
    assert.is(csvRun.code, 0, csvRun.err);
    assert.is(csvRun.out, readFileSync(join(dir, 'csv', 'summary.csv'), 'utf8'));
    assert.is(csvRows(csvRun.out).length, 2);
    const jsonRun = await runCliWithInput(text, 'study', '-', '--workers', '1', '--out', join(dir, 'json'), '--format', 'json');
    assert.is(jsonRun.code, 0, jsonRun.err);
    const points = JSON.parse(jsonRun.out) as unknown[];
    assert.is(points.length, 2);
    const table = await runCliWithInput(text, 'study', '-', '--workers', '1', '--out', join(dir, 'table'));
    assert.match(table.out, /written to/);
    const bad = await runCliWithInput(text, 'study', '-', '--format', 'yaml');
    assert.is(bad.code, 2);
    assert.is(bad.err, 'qkdsim: --format: expected one of table, json, csv, got "yaml"\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
study.run();
