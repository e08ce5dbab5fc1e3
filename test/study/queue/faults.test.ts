/**
 * Faults with real processes on a real PostgreSQL server: `qkdsim worker` processes stopped with
 * SIGTERM (their case goes back to the queue, no attempt spent, exit 0) and killed with SIGKILL
 * mid-case (the case is taken again once its heartbeat lapses and counted once), and the server
 * restarted mid-study (workers and the follower reconnect, the study completes). Each study's
 * result files must still be byte-identical to the local runner's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudyDocument, runStudy, type Study } from '../../../sim/study/index.js';
import { CASE_QUEUE, enqueueStudy, followStudy, readStudyRows, studyProgress, writeResultFiles, type QueueDb } from '../../../sim/study/queue/index.js';
import { REPO_ROOT } from '../../helpers.js';
import { openTestDb, reap, spawnWorker, startTestServer, waitFor, within, type CliProcess, type TestServer } from './helpers.js';

const STATIONS = ['xinglong', 'nanshan', 'delingha', 'lijiang', 'ngari', 'graz'];

/**
 * A 4-satellite Walker pattern over the six catalogue stations, swept over altitude: a case costs
 * ~1.5 ms per day of span (2026-11), so the kill study's year gives cases of ~0.5-1 s, long enough
 * to be caught mid-case.
 */
function faultStudy(name: string, days: number, altitudes: number[]): Study {
  const doc = {
    name,
    seed: 5,
    base: {
      start: '2017-01-01T00:00:00Z',
      days,
      weather: 'catalogue',
      satellites: [{ id: 'w', walker: { satellites: 4, planes: 4, phasing: 1, altitudeKm: 500, inclinationDeg: 97.4, raan0Deg: 281 } }],
      stations: STATIONS,
      links: STATIONS.map((station) => ({ kind: 'downlink', satellite: 'w', station })),
    },
    sweep: [{ path: 'satellites[0].walker.altitudeKm', values: altitudes }],
    metrics: ['keyBitsPerDay', 'nightsWithKeyFraction'],
  };
  return loadStudyDocument(doc, { label: `${name}.yaml`, baseDir: REPO_ROOT });
}

const FILES = ['study.json', 'results.csv', 'summary.csv'];
/** Longest a study may take here: past it the follower stops and the test fails instead of hanging. */
const DEADLINE_MS = 180_000;
const tmp = mkdtempSync(join(tmpdir(), 'qkdsim-queue-faults-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const kill = faultStudy('kill', 365, [500, 550, 600, 650]);
const restart = faultStudy('restart', 45, [450, 500, 550, 600, 650, 700, 750, 800]);

let ts: TestServer;
let db: QueueDb;
const procs: CliProcess[] = [];
const worker = (extra: string[] = []): CliProcess => {
  const p = spawnWorker(ts.server, extra);
  procs.push(p);
  return p;
};

/** The study's files from the database equal the local runner's, byte for byte. */
async function assertSameAsLocal(study: Study): Promise<void> {
  const queued = join(tmp, `queued-${study.name}`);
  writeResultFiles(queued, study, await readStudyRows(db, study.name));
  for (const f of FILES) assert.ok(read(queued, f) === read(join(tmp, `local-${study.name}`), f), `${study.name}: ${f} differs from the local runner's`);
}

/** One row per case and replication, each once. */
async function assertCountedOnce(study: Study): Promise<void> {
  const { rows } = await db.query('SELECT count(*)::int AS n, count(DISTINCT (case_index, replication))::int AS d FROM qkdsim.results WHERE study = $1', [study.name]);
  assert.equal(rows[0], { n: study.cases.length * study.replications, d: study.cases.length * study.replications });
}

/** An active job of a study: its id and case. */
async function activeJob(study: string): Promise<{ id: string; caseIndex: number } | undefined> {
  const { rows } = await db.query(`SELECT id, (data->>'caseIndex')::int AS ci FROM pgboss.job WHERE name = $1 AND state = 'active' AND data->>'study' = $2 LIMIT 1`, [CASE_QUEUE, study]);
  return rows[0] ? { id: String(rows[0].id), caseIndex: Number(rows[0].ci) } : undefined;
}

const faults = suite('queue faults: killed workers, a restarted server');

faults.before(async () => {
  // uvu marks every test failed without a word when a before hook throws: say why.
  try {
    ts = await startTestServer();
    db = await openTestDb(ts.server);
    for (const study of [kill, restart]) await runStudy(study, { outDir: join(tmp, `local-${study.name}`), workers: 2 });
  } catch (error) {
    console.error(`the queue tests could not set up: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
});

faults.after(async () => {
  for (const p of procs) await reap(p);
  await db?.close();
  await ts?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

faults('SIGTERM gives the running case back (no attempt spent); SIGKILL mid-case: taken again after the heartbeat lapses, counted once', async () => {
  await enqueueStudy(db, kill, { retries: 2, retryDelayS: 1 });
  const a = worker(['--grace-s', '0']);
  const first = await waitFor('a case running on worker A', () => activeJob('kill'));
  a.child.kill('SIGTERM');
  assert.is(await within(a.exited, 60_000, 'the worker to exit'), 0, a.output());
  assert.match(a.output(), /SIGTERM: taking no more cases/);
  assert.match(a.output(), /stopped \(1 case\(s\) given back to the queue\)/);
  const back = (await db.query('SELECT state, retry_count, started_on FROM pgboss.job WHERE name = $1 AND id = $2', [CASE_QUEUE, first.id])).rows[0]!;
  assert.equal(back, { state: 'created', retry_count: 0, started_on: null });

  const b = worker();
  const taken = await waitFor('a case running on worker B', () => activeJob('kill'));
  await new Promise((r) => setTimeout(r, 100));
  b.child.kill('SIGKILL');
  assert.is(await within(b.exited, 60_000, 'the worker to exit'), 'SIGKILL');
  const hit = (await db.query('SELECT state FROM pgboss.job WHERE name = $1 AND id = $2', [CASE_QUEUE, taken.id])).rows[0]!;
  const rowsOfKilled = async () => Number((await db.query('SELECT count(*) AS n FROM qkdsim.results WHERE study = $1 AND case_index = $2', ['kill', taken.caseIndex])).rows[0]!.n);
  assert.is(hit.state, 'active', 'the case should still be running when its worker is killed');
  assert.is(await rowsOfKilled(), 0, 'killed mid-case: no rows yet');

  const c = worker();
  const p = await followStudy(db, kill, { pollMs: 200, signal: AbortSignal.timeout(DEADLINE_MS) });
  assert.equal([p.finished, p.failedCases], [kill.cases.length, 0]);
  await assertCountedOnce(kill);
  {
    // The killed attempt left a failure row; the case's rows come from the next attempt.
    const attempts = (await db.query('SELECT DISTINCT attempt FROM qkdsim.results WHERE study = $1 AND case_index = $2', ['kill', taken.caseIndex])).rows;
    assert.equal(attempts, [{ attempt: 2 }]);
    const lost = (await db.query('SELECT attempt, error FROM qkdsim.failures WHERE study = $1 AND case_index = $2', ['kill', taken.caseIndex])).rows;
    assert.equal(lost, [{ attempt: 1, error: 'no result: the worker running it stopped or lost the database (its heartbeat lapsed)' }]);
  }
  await assertSameAsLocal(kill);
  c.child.kill('SIGTERM');
  assert.is(await within(c.exited, 60_000, 'the worker to exit'), 0, c.output());
  if (process.env.QKDSIM_TEST_VERBOSE) console.log(a.output(), b.output(), c.output());
});

faults('PostgreSQL restarted mid-study: two workers and the follower reconnect with back-off, the study completes', async () => {
  await enqueueStudy(db, restart, { retries: 2, retryDelayS: 1 });
  const w1 = worker();
  const w2 = worker();
  const following = followStudy(db, restart, { pollMs: 200, signal: AbortSignal.timeout(DEADLINE_MS) });
  await waitFor('two cases finished', async () => ((await studyProgress(db, 'restart'))?.finished ?? 0) >= 2);
  await ts.server.stop();
  // Down until each worker has met the outage: a busy worker meets it when its case ends, an idle
  // one at its next poll (<= 2 s). A fixed pause was not always enough once cases got shorter.
  await waitFor('each worker to see the outage', () => [w1, w2].every((w) => /database unreachable \(/.test(w.output())));
  await new Promise((r) => setTimeout(r, 500));
  await ts.server.start();
  const p = await following;
  assert.equal([p.finished, p.failedCases], [restart.cases.length, 0]);
  await assertCountedOnce(restart);
  await assertSameAsLocal(restart);
  for (const w of [w1, w2]) {
    assert.match(w.output(), /database unreachable \(/, 'each worker saw the outage');
    w.child.kill('SIGTERM');
    assert.is(await within(w.exited, 60_000, 'the worker to exit'), 0, w.output());
  }
  assert.match(w1.output() + w2.output(), /database reachable again/);
  if (process.env.QKDSIM_TEST_VERBOSE) console.log(w1.output(), w2.output());
});

faults.run();
