/**
 * Study queue benchmark (issue 15), on the embedded PostgreSQL server with `qkdsim worker`
 * processes (concurrency 1 each, started and warmed up before timing):
 * - queue overhead per case: enqueue -> result row committed, minus the case's own run time, for
 *   cases enqueued one at a time to an idle worker (both times from the database clock: the cases
 *   row's enqueued_at, the result row's committed_at; the run time is the worker's caseWallMs).
 *   Target: median <= 30 ms. Printed beside it: the same overhead when the worker is kept busy
 *   (100 cases queued at once: (wall time - sum of run times) / cases);
 * - two worker processes vs one on the 100-case bench study of study.bench.ts: wall time from
 *   enqueue to the last row committed, best of two interleaved rounds (target >= 1.7), with the
 *   scaling of two processes running a pure CPU loop at the same moment printed beside it. The
 *   result files of every round must be byte-identical.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadStudyDocument, type Study } from '../../sim/study/index.js';
import { enqueueStudy, followStudy, readStudyRows, writeResultFiles, type QueueDb } from '../../sim/study/queue/index.js';
import { REPO_ROOT } from '../helpers.js';
import { openTestDb, reap, spawnWorker, startTestServer, waitFor, type CliProcess, type TestServer } from '../study/queue/helpers.js';
import { report } from './harness.js';
import { BENCH_BASE, BENCH_STUDY } from './study.bench.js';

const load = (doc: object): Study => loadStudyDocument(doc, { label: 'bench-study.yaml', baseDir: REPO_ROOT });
/** A one-case study (2 days): enqueued alone to measure what the queue adds to a case. */
const single = (k: number): Study => load({ name: `overhead-${k}`, seed: k, base: { ...BENCH_BASE, days: 2 }, metrics: ['keyBitsPerDay'] });

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A pure CPU loop (no allocation) in a fresh process; resolves with its time, ms. */
function loopProcess(): Promise<number> {
  // Run twice; the second run's time is kept (the first warms up).
  const loop = `{ const t0 = performance.now(); let s = 0; for (let i = 0; i < 4e7; i++) s += Math.sqrt(i); times.push(performance.now() - t0 + (s < 0 ? 1 : 0)); }`;
  const code = `const times = []; ${loop} ${loop} process.stdout.write(JSON.stringify(times));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', () => {
      try {
        resolve((JSON.parse(out) as number[])[1]!);
      } catch (error) {
        reject(error);
      }
    });
    child.on('error', reject);
  });
}

/** How much faster two processes get through the CPU loop than one, now. */
async function processScaling(): Promise<number> {
  const one = Math.min(await loopProcess(), await loopProcess());
  const both = await Promise.all([loopProcess(), loopProcess()]);
  return (2 * one) / Math.max(...both);
}

/** Starts n workers and waits until each has run a warm-up case (threads started, code loaded). */
async function warmWorkers(ts: TestServer, db: QueueDb, n: number, round: string): Promise<CliProcess[]> {
  const workers = Array.from({ length: n }, () => spawnWorker(ts.server, ['--quiet']));
  const warm = load({ ...BENCH_STUDY, name: `warm-${round}`, sweep: [{ path: 'satellites[0].walker.altitudeKm', values: Array.from({ length: 2 * n }, (_, k) => 500 + k) }] });
  await enqueueStudy(db, { ...warm, cases: warm.cases.map((c) => ({ ...c, doc: { ...(c.doc as object), days: 2 } })) }, { retries: 0 });
  await waitFor('the warm-up cases', async () => {
    const { rows } = await db.query(`SELECT count(DISTINCT worker)::int AS w, count(*)::int AS n FROM qkdsim.results WHERE study = $1`, [warm.name]);
    return rows[0]!.n === 2 * n && rows[0]!.w === n;
  }, 120_000);
  return workers;
}

export async function benchQueue(): Promise<void> {
  const ts = await startTestServer();
  const tmp = mkdtempSync(join(tmpdir(), 'qkdsim-bench-queue-'));
  const db = await openTestDb(ts.server);
  let workers: CliProcess[] = [];
  try {
    // Overhead per case, one case at a time on an idle worker.
    workers = await warmWorkers(ts, db, 1, 'overhead');
    const overheads: number[] = [];
    for (let k = 0; k < 25; k++) {
      const study = single(k);
      await enqueueStudy(db, study, { retries: 0 });
      await followStudy(db, study, { pollMs: 20 });
      const { rows } = await db.query(
        `SELECT extract(epoch FROM r.committed_at - c.enqueued_at) * 1000 AS total_ms, r.case_wall_ms AS run_ms
         FROM qkdsim.results r JOIN qkdsim.cases c USING (study, case_index) WHERE r.study = $1`,
        [study.name],
      );
      overheads.push(Number(rows[0]!.total_ms) - Number(rows[0]!.run_ms));
    }
    const over = median(overheads);
    report({ name: 'queue: overhead per case (idle worker, median of 25)', value: `${over.toFixed(1)} ms (enqueue -> row committed, minus the run)`, target: { text: '<= 30 ms', met: over <= 30 } });
    for (const w of workers) await reap(w);

    // 1 vs 2 worker processes on the 100-case study, interleaved, best of 2.
    const study = load(BENCH_STUDY);
    const timed = async (n: number, round: string): Promise<{ ms: number; runMs: number }> => {
      workers = await warmWorkers(ts, db, n, `${n}${round}`);
      const t0 = performance.now();
      await enqueueStudy(db, study, { retries: 0, force: true });
      await followStudy(db, study, { pollMs: 500 });
      const ms = performance.now() - t0;
      const rows = await readStudyRows(db, study.name);
      writeResultFiles(join(tmp, `w${n}${round}`), study, rows);
      for (const w of workers) await reap(w);
      return { ms, runMs: rows.reduce((a, r) => a + r.caseWallMs, 0) };
    };
    const machineBefore = await processScaling();
    let one = await timed(1, 'a');
    let two = await timed(2, 'a');
    const oneB = await timed(1, 'b');
    const twoB = await timed(2, 'b');
    const dirs = ['w1a', 'w2a', 'w1b', 'w2b'];
    const same = ['study.json', 'results.csv', 'summary.csv'].every((f) => dirs.every((d) => readFileSync(join(tmp, d, f), 'utf8') === readFileSync(join(tmp, 'w1a', f), 'utf8')));
    if (oneB.ms < one.ms) one = oneB;
    if (twoB.ms < two.ms) two = twoB;
    const n = study.cases.length;
    const busy = (one.ms - one.runMs) / n;
    report({ name: 'queue: overhead per case (busy worker, 100 queued)', value: `${busy.toFixed(1)} ms ((wall - sum of runs) / cases, 1 worker)` });
    // A case's own run time (in its worker's thread) and how much of the wall time the workers
    // spent running cases: when two workers slow each case down, the CPUs are shared, not the queue.
    const runs = (r: { ms: number; runMs: number }, w: number) => `case runs ${(r.runMs / n).toFixed(0)} ms, workers busy ${((100 * r.runMs) / (w * r.ms)).toFixed(0)} %`;
    report({ name: `queue: ${n} cases x 30 days, 1 worker process`, value: `${(one.ms / 1000).toFixed(1)} s (${(one.ms / n).toFixed(0)} ms per case; ${runs(one, 1)})` });
    report({ name: `queue: ${n} cases x 30 days, 2 worker processes`, value: `${(two.ms / 1000).toFixed(1)} s (${runs(two, 2)}), results identical: ${same ? 'yes' : 'NO'}` });
    const speedUp = one.ms / two.ms;
    const machineAfter = await processScaling();
    const loadAvg = loadavg()[0]!.toFixed(1);
    report({
      name: 'queue: speed-up 2 worker processes vs 1',
      value: `${speedUp.toFixed(2)}x (two processes of a pure CPU loop here: ${machineBefore.toFixed(2)}x one before, ${machineAfter.toFixed(2)}x after; load average ${loadAvg})`,
      target: { text: '>= 1.7', met: speedUp >= 1.7 && same },
    });
  } finally {
    for (const w of workers) await reap(w);
    await db.close();
    await ts.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
}

// `node --import tsx test/bench/queue.bench.ts` runs this bench alone.
if (import.meta.url === `file://${process.argv[1]}`) await benchQueue();
