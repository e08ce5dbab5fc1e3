/**
 * The study side of a queued study: following its progress until every case is finished (each
 * case `done` with its rows, or `failed` after its retries), and writing the result files from the
 * database with the local runner's writers (results.ts), so study.json, results.csv and
 * summary.csv are byte-identical to a local run's whatever ran the cases and in which order.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import type { Study } from '../load.js';
import { orderRows, resultsCsv, resultsHeader, studyJson, summaryCsv, type StoredRow } from '../results.js';
import { CASE_QUEUE, Listener, PROGRESS_CHANNEL, type QueueDb } from './db.js';

/** A study's progress in the database. */
export interface QueueProgress {
  readonly total: number;
  /** Cases finished: with rows, or failed after their retries. */
  readonly finished: number;
  /** Cases that failed after their retries (worker failures), and failed runs (rows) overall. */
  readonly failedCases: number;
  readonly failedRows: number;
  /** Workers that beat their heart recently. */
  readonly liveWorkers: number;
}

/** Progress of one study, or null when the database does not hold it. */
export async function studyProgress(db: QueueDb, name: string, signal?: AbortSignal): Promise<QueueProgress | null> {
  const { rows } = await db.query(
    `SELECT s.total_cases,
       (SELECT count(*) FROM qkdsim.cases c WHERE c.study = s.name AND c.state <> 'queued')::int AS finished,
       (SELECT count(*) FROM qkdsim.cases c WHERE c.study = s.name AND c.state = 'failed')::int AS failed_cases,
       (SELECT count(*) FROM qkdsim.results r WHERE r.study = s.name AND r.status = 'failed')::int AS failed_rows,
       (SELECT count(*) FROM qkdsim.workers w WHERE w.stopped_at IS NULL
          AND w.last_seen > clock_timestamp() - make_interval(secs => 3 * w.heartbeat_s))::int AS live
     FROM qkdsim.studies s WHERE s.name = $1`,
    [name],
    signal,
  );
  const r = rows[0];
  if (!r) return null;
  return { total: Number(r.total_cases), finished: Number(r.finished), failedCases: Number(r.failed_cases), failedRows: Number(r.failed_rows), liveWorkers: Number(r.live) };
}

/** Cases that can never finish: their job was cancelled (a worker refused it) without rows. */
async function stuckCases(db: QueueDb, name: string, signal?: AbortSignal): Promise<{ caseId: string; error: string | null }[]> {
  const { rows } = await db.query(
    `SELECT c.case_id, (SELECT f.error FROM qkdsim.failures f WHERE f.study = c.study AND f.case_index = c.case_index ORDER BY f.attempt DESC LIMIT 1) AS error
     FROM qkdsim.cases c
     JOIN (SELECT id, state FROM pgboss.job WHERE name = $2 UNION ALL SELECT id, state FROM pgboss.archive WHERE name = $2) j ON j.id = c.job_id
     WHERE c.study = $1 AND c.state = 'queued' AND j.state = 'cancelled'
     ORDER BY c.case_index LIMIT 5`,
    [name, CASE_QUEUE],
    signal,
  );
  return rows.map((r) => ({ caseId: String(r.case_id), error: r.error === null ? null : String(r.error) }));
}

/** Options of {@link followStudy}. */
export interface FollowOptions {
  /** Called with each new progress (and once at the start). */
  readonly onProgress?: (p: QueueProgress) => void;
  /** Poll interval when no notification comes, ms. Default 1000. */
  readonly pollMs?: number;
  /** Stop following (the returned promise then resolves with the last progress). */
  readonly signal?: AbortSignal;
}

/**
 * Waits until every case of the study is finished. Rides out database restarts (QueueDb retries).
 * @throws InputError when the study leaves the database (replaced with --force) or a case was refused
 */
export async function followStudy(db: QueueDb, study: Study, options: FollowOptions = {}): Promise<QueueProgress> {
  const listener = new Listener(db, PROGRESS_CHANNEL).start();
  let last = '';
  let checks = 0;
  try {
    for (;;) {
      const p = await studyProgress(db, study.name, options.signal);
      if (!p) throw new InputError({ file: study.file ?? study.name, message: `study "${study.name}" is no longer in the queue (replaced or removed while it ran)` });
      const key = JSON.stringify(p);
      if (key !== last) options.onProgress?.(p);
      last = key;
      if (p.finished >= p.total || options.signal?.aborted) return p;
      // Refused cases are rare: look for them every tenth round.
      if (checks++ % 10 === 0) {
        const stuck = await stuckCases(db, study.name, options.signal);
        if (stuck.length > 0) {
          throw new InputError({
            file: study.file ?? study.name,
            message: `case(s) ${stuck.map((s) => s.caseId).join(', ')} of study "${study.name}" were refused by a worker and cannot finish (${stuck[0]!.error ?? 'no reason recorded'}): enqueue the study again with --force`,
          });
        }
      }
      await listener.wait(options.pollMs ?? 1000, options.signal);
    }
  } finally {
    await listener.close();
  }
}

/** The study's rows as stored (each exactly as the worker wrote it), in study order. */
export async function readStudyRows(db: QueueDb, name: string): Promise<StoredRow[]> {
  const { rows } = await db.query('SELECT row FROM qkdsim.results WHERE study = $1 ORDER BY case_index, replication', [name]);
  return rows.map((r) => r.row as StoredRow);
}

/** The file hash the database holds for a study, or null. */
export async function storedHash(db: QueueDb, name: string): Promise<string | null> {
  const { rows } = await db.query('SELECT file_hash FROM qkdsim.studies WHERE name = $1', [name]);
  return rows[0] ? String(rows[0].file_hash) : null;
}

/**
 * Writes study.json, results.csv and summary.csv (results.ts, as the local runner) and cases.jsonl
 * (the header and the rows in study order) to outDir.
 * @returns the files written, relative to outDir
 */
export function writeResultFiles(outDir: string, study: Study, rows: readonly StoredRow[]): string[] {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'cases.jsonl'), resultsHeader(study) + orderRows(rows).map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(outDir, 'study.json'), studyJson(study, rows));
  writeFileSync(join(outDir, 'results.csv'), resultsCsv(study, rows));
  writeFileSync(join(outDir, 'summary.csv'), summaryCsv(study, rows));
  return ['cases.jsonl', 'study.json', 'results.csv', 'summary.csv'];
}
