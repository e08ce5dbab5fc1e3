/**
 * `qkdsim study FILE --queue URL`: the study checked as usual, recorded in PostgreSQL with a job per
 * case (nothing enqueued twice for the same study hash), its progress followed with the usual bar
 * until every case is finished by workers (`qkdsim worker`, on any machine; `--workers N` also runs
 * N here), then study.json, results.csv and summary.csv written from the database, byte-identical
 * to a local run's. `--collect` writes them from the database at once, without enqueuing or waiting.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../errors.js';
import { studyTable, summarize, summaryCsv, type Study } from '../../study/index.js';
import { enqueueStudy, followStudy, QueueDb, QueueWorker, readStudyRows, storedHash, writeResultFiles, type QueueProgress } from '../../study/queue/index.js';
import type { CliIo } from '../io.js';
import { resolveQueue } from './queue-target.js';
import type { progressReporter } from './study.js';

/** What `qkdsim study` passes on when --queue is given. */
export interface QueuedStudyRequest {
  readonly study: Study;
  readonly queue: string;
  readonly outDir: string;
  readonly force: boolean;
  readonly collect: boolean;
  readonly retries: number;
  /** Case threads in this process (undefined: none for a URL, `defaultWorkers` for embedded). */
  readonly workers: number | undefined;
  readonly defaultWorkers: number;
  readonly quiet: boolean;
  /** What goes to stdout at the end: the table, or the summary as JSON or CSV. */
  readonly format: 'table' | 'json' | 'csv';
  readonly progress: ReturnType<typeof progressReporter>;
}

/** `12 s`, `3 min 05 s`. */
function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Runs `qkdsim study FILE --queue …` (see the module comment). */
export async function runQueuedStudy(io: CliIo, r: QueuedStudyRequest): Promise<void> {
  const { study } = r;
  const say = (line: string): void => {
    if (!r.quiet) io.err(`qkdsim: ${line}\n`);
  };
  const startedMs = performance.now();
  const { target, embedded } = await resolveQueue(r.queue, io, { start: true, quiet: r.quiet });
  const who = `${hostname()}:${process.pid}`;
  let db: QueueDb | null = null;
  let worker: QueueWorker | null = null;
  const interrupted = new AbortController();
  const onInterrupt = (): void => interrupted.abort();
  process.once('SIGINT', onInterrupt);
  try {
    db = await QueueDb.open({ target, applicationName: 'qkdsim-study', who, log: (line) => io.err(`qkdsim: queue: ${line}\n`) });
    if (r.collect) {
      const hash = await storedHash(db, study.name);
      if (hash === null) throw new InputError({ file: '--collect', message: `the queue at ${target.shown} holds no study "${study.name}" (enqueue it first: drop --collect)` });
      if (hash !== study.fileHash) throw new InputError({ file: '--collect', message: `the queue holds another version of study "${study.name}" (hash ${hash.slice(0, 12)}…; this file: ${study.fileHash.slice(0, 12)}…)` });
    } else {
      const outcome = await enqueueStudy(db, study, { force: r.force, retries: r.retries });
      if (outcome.status === 'unchanged') say(`study ${study.name} is already in the queue at ${target.shown} (same study hash): nothing enqueued; ${outcome.finished} of ${outcome.totalCases} case(s) finished`);
      else say(`study ${study.name}: ${outcome.status === 'replaced' ? 'the earlier version removed; ' : ''}${outcome.totalCases} case(s) recorded and enqueued at ${target.shown}`);
      const threads = r.workers ?? (embedded ? r.defaultWorkers : 0);
      if (threads > 0) {
        worker = new QueueWorker({ db, id: `${who}:study`, host: hostname(), pid: process.pid, concurrency: threads, now: () => performance.now() });
        await worker.start();
        say(`running cases on ${threads} thread(s) here too`);
      } else {
        say(`waiting for workers: run \`npx qkdsim worker --queue ${embedded ? embedded.joinUrl : target.shown}\` on each machine`);
      }
      let first: QueueProgress | null = null;
      const last = await followStudy(db, study, {
        signal: interrupted.signal,
        onProgress: (p) => {
          if (!first) {
            first = p;
            r.progress.start({ toRun: p.total - p.finished });
          }
          const done = p.finished - first.finished;
          if (done === 0) return;
          r.progress.update({ done, toRun: p.total - first.finished, skipped: first.finished, failedRows: p.failedRows, last: { caseId: '', wallMs: 0 } });
        },
      });
      r.progress.stop();
      if (interrupted.signal.aborted) {
        io.err(`\nqkdsim: stopped following at ${last.finished}/${last.total} case(s); the study stays in the queue${embedded?.owned ? ' (the embedded server stops with this process: run the same command to go on)' : ' and workers carry on: run the same command to follow it again and write the files'}\n`);
        process.exitCode = 130;
        return;
      }
    }
    const rows = await readStudyRows(db, study.name);
    const files = writeResultFiles(r.outDir, study, rows);
    const finished = new Set(rows.map((row) => row.caseIndex)).size;
    const failed = rows.filter((row) => row.status === 'failed');
    const info = { wallTimeS: (performance.now() - startedMs) / 1000, queue: target.shown, casesFinished: finished, node: process.version, finishedAt: new Date().toISOString() };
    writeFileSync(join(r.outDir, 'study-info.json'), JSON.stringify(info, null, 1) + '\n');
    if (failed.length > 0) {
      const f = failed[0]!;
      io.err(`qkdsim: warning: ${failed.length} of ${rows.length} run(s) failed (recorded in results.csv); the first, ${f.caseId} replication ${f.replication}: ${f.error}\n`);
    }
    if (r.quiet) return;
    if (r.format === 'json') return io.out(`${JSON.stringify(summarize(study, rows), null, 1)}\n`);
    if (r.format === 'csv') return io.out(summaryCsv(study, rows));
    io.out(studyTable(study, rows));
    const incomplete = finished < study.cases.length ? ` (${study.cases.length - finished} case(s) not finished yet: collect again later)` : '';
    io.out(`${finished} of ${study.cases.length} case(s) from the queue in ${seconds(performance.now() - startedMs)}${incomplete}; written to ${r.outDir} (${[...files, 'study-info.json'].join(', ')})\n`);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    r.progress.stop();
    if (worker) await worker.stop(0);
    await db?.close();
    if (embedded?.owned) await embedded.stop();
  }
}
