/**
 * Running studies on worker threads: the same results with 1 and 2 workers, an interrupted study
 * resumed equal to an uninterrupted one, failing cases recorded while the others complete, the rows
 * file guarded against mixing studies, and the `qkdsim study` command.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.js';
import { memoryIo } from '../../sim/cli/io.js';
import { InputError } from '../../sim/errors.js';
import { loadStudyDocument, readResults, runCase, runStudy, type Study } from '../../sim/study/index.js';
import { REPO_ROOT } from '../helpers.js';
import { tinyStudyDoc } from './fixtures.js';

/**
 * 3 x 2 cases of two replications over two days; (satellites 1, planes 2) and (3, 2) cannot be
 * built (planes must divide satellites), so those two cases fail.
 */
const STUDY_DOC = tinyStudyDoc();
const study: Study = loadStudyDocument(STUDY_DOC, { label: 'tiny.yaml', baseDir: REPO_ROOT });
const root = mkdtempSync(join(tmpdir(), 'qkdsim-study-'));
const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const DERIVED = ['study.json', 'results.csv', 'summary.csv'];

/** The rows of cases.jsonl without wall times, in study order. */
function rowsOf(dir: string): unknown[] {
  return readResults(join(dir, 'cases.jsonl'))
    .rows.map(({ caseWallMs: _wall, ...row }) => row)
    .sort((a, b) => a.caseIndex - b.caseIndex || a.replication - b.replication);
}

const one = join(root, 'one');
const outcomeOne = await runStudy(study, { outDir: one, workers: 1 });

const run = suite('runStudy(study, options)');

run('runs every case and replication and writes the rows and the derived files', () => {
  assert.is(outcomeOne.ran, 6);
  assert.is(outcomeOne.complete, true);
  assert.is(rowsOf(one).length, 12);
  const json = JSON.parse(read(one, 'study.json'));
  assert.is(json.format, 'qkdsim-study/1');
  assert.is(json.fileHash, study.fileHash);
  assert.equal(json.dimensions.map((d: { name: string }) => d.name), ['satellites[0].walker.satellites', 'satellites[0].walker.planes']);
  assert.equal(json.metrics[0].keys, ['xinglong', 'lijiang', 'total']);
  assert.is(json.cases.length, 12);
  assert.is(json.summary.length, 6);
  const ok = json.summary.find((p: { caseId: string }) => p.caseId === 'c003');
  assert.equal(Object.keys(ok.metrics.keyBitsPerDay.total), ['mean', 'sd', 'min', 'max', 'n']);
  assert.is(read(one, 'results.csv').split('\n')[0]!.split(',').slice(0, 6).join(','), 'caseId,replication,seed,status,satellites[0].walker.satellites,satellites[0].walker.planes');
});

run('a failing case is recorded with its error and the others complete', () => {
  const json = JSON.parse(read(one, 'study.json'));
  const failed = json.cases.filter((c: { status: string }) => c.status === 'failed');
  assert.equal([...new Set(failed.map((c: { caseId: string }) => c.caseId))], ['c002', 'c006']);
  assert.is(failed[0].error, 'tiny.yaml: base: satellites[0].walker.planes: expected a divisor of satellites (1), got 2');
  assert.not.ok('metrics' in failed[0]);
  const done = json.cases.filter((c: { status: string }) => c.status === 'ok');
  assert.is(done.length, 8);
  for (const c of done) assert.ok(c.metrics.keyBitsPerDay.total >= 0);
  assert.equal(json.summary.find((p: { caseId: string }) => p.caseId === 'c002'), { caseId: 'c002', point: { 'satellites[0].walker.satellites': 1, 'satellites[0].walker.planes': 2 }, n: 2, failed: 2, metrics: { keyBitsPerDay: {}, nightsWithKeyFraction: {}, nightsWithPassFraction: {}, nightsWithoutKey: {}, minPoolBits: {} } });
});

run('the workers compute what runCase computes in this thread', () => {
  const direct = study.cases.flatMap((c) =>
    runCase({ caseIndex: c.index, caseId: c.caseId, point: c.point, doc: c.doc, label: study.base.label, baseDir: study.base.baseDir, seeds: c.seeds, metrics: study.metrics.map((m) => m.name) }),
  );
  assert.equal(rowsOf(one), direct);
});

run('1 and 2 workers give identical results (rows and derived files, byte for byte)', async () => {
  const two = join(root, 'two');
  await runStudy(study, { outDir: two, workers: 2 });
  assert.equal(rowsOf(two), rowsOf(one));
  for (const name of DERIVED) assert.is(read(two, name), read(one, name), name);
});

run('an interrupted study, resumed, equals an uninterrupted one; resume runs only the missing cases', async () => {
  const dir = join(root, 'resumed');
  const first = await runStudy(study, { outDir: dir, workers: 2, maxCases: 2 });
  assert.is(first.ran, 2);
  assert.is(first.complete, false);
  assert.is(JSON.parse(read(dir, 'study.json')).complete, false);
  const second = await runStudy(study, { outDir: dir, workers: 2, resume: true });
  assert.equal([second.skipped, second.ran, second.complete], [2, 4, true]);
  assert.equal(rowsOf(dir), rowsOf(one));
  for (const name of DERIVED) assert.is(read(dir, name), read(one, name), name);
  // Resuming a finished study runs nothing and rewrites the same files.
  const third = await runStudy(study, { outDir: dir, workers: 2, resume: true });
  assert.equal([third.skipped, third.ran], [6, 0]);
  assert.is(read(dir, 'study.json'), read(one, 'study.json'));
});

run('readResults(path) drops a last line cut short by a kill (its case runs again on resume)', () => {
  const path = join(root, 'cut.jsonl');
  const [header, firstRow, secondRow] = read(one, 'cases.jsonl').split('\n');
  writeFileSync(path, `${header}\n${firstRow}\n${secondRow}\n{"caseId":"c002","caseIn`);
  const { header: parsed, rows, problems, cutShort } = readResults(path);
  assert.is(parsed?.fileHash, study.fileHash);
  assert.is(rows.length, 2);
  assert.is(cutShort, true);
  assert.equal(problems, [{ line: 4, message: 'the last line is cut short: left out; its case runs again on resume' }]);
});

run('the rows file is guarded: another study on resume, or existing results without --resume/--force, are errors', async () => {
  const changed = loadStudyDocument({ ...STUDY_DOC, seed: 12 }, { label: 'tiny.yaml', baseDir: REPO_ROOT });
  try {
    await runStudy(changed, { outDir: one, workers: 1, resume: true });
    assert.unreachable('expected an InputError');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, /holds results of another version of study "tiny" .*use a new --out, or drop --resume and pass --force to start again/);
  }
  try {
    await runStudy(study, { outDir: one, workers: 1 });
    assert.unreachable('expected an InputError');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, /results of an earlier study run are here: pass --resume to continue it, --force to start again, or choose another --out/);
  }
});

const cli = suite('qkdsim study');

cli('bad flags and a bad study file exit 2 with one line per problem and no stack trace', async () => {
  const io = memoryIo();
  assert.is(await main(['node', 'qkdsim', 'study', 'x.yaml', '--workers', '0', '--resume', '--force'], io), 2);
  assert.equal(io.stderr.trim().split('\n'), ['qkdsim: --workers: expected an integer in [1, 256], got "0"', 'qkdsim: --force: expected --resume or --force, not both']);
  const file = join(root, 'bad.yaml');
  writeFileSync(file, 'base: { start: 2016-12-16 }\nsweep:\n  - { path: "links[0].paramz.mu", values: [1] }\nmetrics: [bits]\n');
  const io2 = memoryIo();
  assert.is(await main(['node', 'qkdsim', 'study', file], io2), 2);
  assert.equal(io2.stderr.trim().split('\n'), [
    `qkdsim: ${file}: metrics[0]: unknown metric "bits" (known: keyBitsPerDay, keyedPassesPerDay, nightsWithKeyFraction, nightsWithPassFraction, nightsWithoutKey, discardedKeyFraction, unscheduledKeyFraction, servedFraction, minPoolBits)`,
    `qkdsim: ${file}: sweep[0].path: no field "paramz" in links[0] of the scenario format (there: fields id, kind, from, to, lengthKm, rateBps, preset, params, pool, faults, outages, satellite, station)`,
  ]);
});

cli('a study prints progress lines (not a terminal), the table, and where the files are', async () => {
  const file = join(root, 'tiny.json');
  writeFileSync(file, JSON.stringify({ ...STUDY_DOC, sweep: [{ path: 'satellites[0].walker.satellites', values: [1, 2] }], replications: 1 }));
  const out = join(root, 'cli');
  const io = memoryIo();
  assert.is(await main(['node', 'qkdsim', 'study', file, '--workers', '1', '--out', out], io), 0, io.stderr);
  assert.match(io.stderr, /^qkdsim: study tiny: 2 case\(s\) x 1 replication\(s\) = 2 run\(s\) on 1 worker\(s\)\n/);
  assert.match(io.stderr, /qkdsim: study: 2\/2 cases \(0 failed runs\)/);
  const lines = io.stdout.split('\n');
  assert.match(lines[0]!, /^case\s+satellites\[0\]\.walker\.satellites\s+keyBitsPerDay\.total\s+nightsWithKeyFraction\.network/);
  assert.match(lines[2]!, /^c001\s+1\s/);
  assert.match(io.stdout, /2 case\(s\) run in \d+ s; written to .*cli \(cases\.jsonl, study\.json, results\.csv, summary\.csv, study-info\.json\)/);
  assert.is(JSON.parse(read(out, 'study-info.json')).casesRun, 2);
});

run.run();
cli.run();
