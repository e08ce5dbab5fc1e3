/**
 * What a worker writes for a case, each in one transaction with the pg-boss call that settles its
 * job, so the queue and the results can never disagree:
 * - a finished case: its result rows, in the transaction that completes the job. pg-boss completes
 *   only an active job; if the job is no longer this worker's (its heartbeat lapsed and another
 *   worker took it, or the study was replaced) nothing is written, and the primary key
 *   (study, case, replication) makes a second copy impossible anyway: each case is counted once;
 * - a case whose run threw: a failure row, in the transaction that fails the job (pg-boss retries
 *   it after a delay, or moves it to the dead-letter queue after the last retry);
 * - a dead-lettered case: failed result rows ("worker failed after N attempts: …"), so the study
 *   completes and its files say what happened, as the local runner does for a crashed thread;
 * - a case whose study hash does not verify: a failure row, and the job cancelled (never run).
 * @module
 */
import { findMetric } from '../metrics.js';
import { STUDY_FORMAT, type StoredRow } from '../results.js';
import type { CaseRow } from '../run-case.js';
import { CASE_QUEUE, DEAD_QUEUE, PROGRESS_CHANNEL, type BossCalls, type Tx } from './db.js';
import type { CaseJobData } from './enqueue.js';
import { taskSha256, type StoredCase, type StudyDefinition } from './task.js';

/** A case read back and checked against its job. */
export type Verified =
  | { readonly def: StudyDefinition; readonly stored: StoredCase }
  /** Not this study version's case: never run it. */
  | { readonly refused: string; readonly caseExists: boolean }
  /** The study's own case, but this worker cannot run it (a newer qkdsim enqueued it): let another try. */
  | { readonly refused: string; readonly caseExists: true; readonly retry: true; readonly def: StudyDefinition; readonly stored: StoredCase };

/**
 * Reads a job's case and checks it: the study in the database has the job's file hash, and the
 * case's definition hashes to the job's task hash (and to the one recorded at enqueue time).
 */
export async function verifyCase(tx: Pick<Tx, 'query'>, data: CaseJobData): Promise<Verified> {
  if (!data || typeof data.study !== 'string' || !Number.isInteger(data.caseIndex) || typeof data.fileHash !== 'string' || typeof data.taskSha256 !== 'string') {
    return { refused: 'the job does not name a study case (study, caseIndex, fileHash, taskSha256)', caseExists: false };
  }
  const { rows } = await tx.query(
    `SELECT s.file_hash, s.definition, c.case_id, c.point, c.seeds, c.doc, c.task_sha256
     FROM qkdsim.cases c JOIN qkdsim.studies s ON s.name = c.study WHERE c.study = $1 AND c.case_index = $2`,
    [data.study, data.caseIndex],
  );
  const row = rows[0];
  if (!row) return { refused: `study "${data.study}" has no case ${data.caseIndex} in the database (the study was removed or replaced)`, caseExists: false };
  const def = row.definition as StudyDefinition;
  if (row.file_hash !== data.fileHash || def.fileHash !== data.fileHash) {
    return { refused: `the job is for study hash ${data.fileHash.slice(0, 12)}…, the database holds hash ${String(row.file_hash).slice(0, 12)}… (another version of the study)`, caseExists: true };
  }
  const stored: StoredCase = { caseIndex: data.caseIndex, caseId: String(row.case_id), point: row.point as StoredCase['point'], seeds: row.seeds as number[], doc: row.doc };
  const sha = taskSha256(def, stored);
  if (sha !== data.taskSha256 || sha !== row.task_sha256) {
    return { refused: `case ${stored.caseId}: its definition in the database does not hash to the value it was enqueued with`, caseExists: true };
  }
  if (def.format !== STUDY_FORMAT) return { refused: `study format ${JSON.stringify(def.format)} is not ${STUDY_FORMAT} (a newer qkdsim enqueued it?)`, caseExists: true, retry: true, def, stored };
  const unknown = def.metrics.filter((m) => findMetric(m) === undefined);
  if (unknown.length > 0) return { refused: `unknown metric(s) ${unknown.join(', ')} (a newer qkdsim enqueued this study?)`, caseExists: true, retry: true, def, stored };
  return { def, stored };
}


/**
 * Writes a case's rows (typed columns plus the row as written), marks the case finished, credits
 * the worker and notifies followers: one statement (one round trip) inside the caller's transaction.
 */
async function recordRows(tx: Tx, rows: readonly StoredRow[], c: { study: string; caseIndex: number; state: 'done' | 'failed'; attempt: number; worker: string }): Promise<void> {
  await tx.query(
    `WITH ins AS (
       INSERT INTO qkdsim.results (study, case_index, replication, case_id, seed, status, error, case_wall_ms, point, metrics, row, worker, attempt)
       SELECT $1, (e->>'caseIndex')::int, (e->>'replication')::int, e->>'caseId', (e->>'seed')::bigint, e->>'status', e->>'error',
              (e->>'caseWallMs')::float8, (e->'point')::jsonb,
              CASE WHEN json_typeof(e->'metrics') = 'object' THEN (e->'metrics')::jsonb END, e, $5, $4
       FROM json_array_elements($6::json) AS e
       ON CONFLICT DO NOTHING
       RETURNING 1
     ), cas AS (
       UPDATE qkdsim.cases SET state = $3, finished_at = clock_timestamp(), attempts = $4, worker = $5
       WHERE study = $1 AND case_index = $2 AND state = 'queued' RETURNING 1
     ), wrk AS (
       UPDATE qkdsim.workers SET cases_done = cases_done + 1, last_seen = clock_timestamp() WHERE id = $5 RETURNING 1
     )
     SELECT pg_notify($7, $1), (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM cas) AS cases, (SELECT count(*) FROM wrk) AS workers`,
    [c.study, c.caseIndex, c.state, c.attempt, c.worker, JSON.stringify(rows), PROGRESS_CHANNEL],
  );
}

/**
 * Completes a case's job and writes its rows (the local runner's rows plus the case's wall time).
 * @returns false when the job was no longer this worker's: nothing written
 */
export async function completeCase(tx: Tx, boss: BossCalls, job: { id: string; data: CaseJobData }, rows: readonly CaseRow[], wallMs: number, worker: string, attempt: number): Promise<boolean> {
  const done = (await boss.complete(CASE_QUEUE, job.id, { worker }, { db: tx.boss })).affected;
  if (done === 0) {
    // Not active any more: taken by another worker, cancelled, or completed by this very call in
    // an earlier try of this transaction whose COMMIT answer was lost.
    const mine = await tx.query('SELECT 1 FROM qkdsim.results WHERE study = $1 AND case_index = $2 AND worker = $3 AND attempt = $4 LIMIT 1', [job.data.study, job.data.caseIndex, worker, attempt]);
    return (mine.rowCount ?? 0) > 0;
  }
  // Same key order as the local runner's rows file (run.ts): the row as computed, then caseWallMs.
  const stored: StoredRow[] = rows.map((r) => ({ ...r, caseWallMs: wallMs }));
  await recordRows(tx, stored, { study: job.data.study, caseIndex: job.data.caseIndex, state: 'done', attempt, worker });
  return true;
}

/** Records a failed attempt (the run threw) and fails the job: pg-boss retries or dead-letters it. */
export async function failAttempt(tx: Tx, boss: BossCalls, job: { id: string; data: CaseJobData }, attempt: number, message: string, worker: string): Promise<void> {
  await tx.query(
    `INSERT INTO qkdsim.failures (study, case_index, attempt, worker, error) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [job.data.study, job.data.caseIndex, attempt, worker, message],
  );
  await boss.fail(CASE_QUEUE, job.id, { message, worker }, { db: tx.boss });
}

/** Records that attempt `attempt` ended without a result (its worker vanished), once. */
export async function noteLostAttempt(tx: Pick<Tx, 'query'>, data: CaseJobData, attempt: number): Promise<void> {
  await tx.query(
    `INSERT INTO qkdsim.failures (study, case_index, attempt, worker, error)
     SELECT $1, $2, $3, NULL, 'no result: the worker running it stopped or lost the database (its heartbeat lapsed)'
     WHERE EXISTS (SELECT 1 FROM qkdsim.cases WHERE study = $1 AND case_index = $2)
     ON CONFLICT DO NOTHING`,
    [data.study, data.caseIndex, attempt],
  );
}

/** Refuses a job: a final failure row (when the case exists) and the job cancelled. */
export async function refuseCase(tx: Tx, boss: BossCalls, job: { id: string; data: CaseJobData }, queue: string, attempt: number, reason: string, caseExists: boolean, worker: string): Promise<void> {
  if (caseExists) {
    await tx.query(
      `INSERT INTO qkdsim.failures (study, case_index, attempt, worker, error, final) VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (study, case_index, attempt) DO UPDATE SET error = EXCLUDED.error, final = true, worker = EXCLUDED.worker`,
      [job.data.study, job.data.caseIndex, attempt, worker, `refused: ${reason}`],
    );
  }
  await boss.cancel(queue, job.id, { db: tx.boss });
}

/**
 * Turns a dead-lettered case into failed rows: one per replication, with the last recorded error.
 * @returns false when there was nothing to do (the job was taken, or the case already has rows)
 */
export async function recordDeadCase(tx: Tx, boss: BossCalls, job: { id: string; data: CaseJobData }, verified: { def: StudyDefinition; stored: StoredCase }, worker: string): Promise<boolean> {
  const { study, caseIndex } = job.data;
  const done = (await boss.complete(DEAD_QUEUE, job.id, { worker }, { db: tx.boss })).affected;
  if (done === 0) return false;
  const have = await tx.query('SELECT 1 FROM qkdsim.results WHERE study = $1 AND case_index = $2 LIMIT 1', [study, caseIndex]);
  if ((have.rowCount ?? 0) > 0) return false;
  // The original job's attempts: pg-boss keeps its retry count (in the job table or its archive).
  const original = await tx.query(
    `SELECT j.retry_count FROM qkdsim.cases c JOIN (SELECT id, retry_count FROM pgboss.job WHERE name = $3 UNION ALL SELECT id, retry_count FROM pgboss.archive WHERE name = $3) j ON j.id = c.job_id
     WHERE c.study = $1 AND c.case_index = $2`,
    [study, caseIndex, CASE_QUEUE],
  );
  const attempts = Number(original.rows[0]?.retry_count ?? 0) + 1;
  await noteLostAttempt(tx, job.data, attempts);
  const last = await tx.query('SELECT error FROM qkdsim.failures WHERE study = $1 AND case_index = $2 ORDER BY attempt DESC LIMIT 1', [study, caseIndex]);
  await tx.query('UPDATE qkdsim.failures SET final = true WHERE study = $1 AND case_index = $2 AND attempt = $3', [study, caseIndex, attempts]);
  const error = `worker failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${String(last.rows[0]?.error ?? 'no error recorded')}`;
  const { stored } = verified;
  const rows: StoredRow[] = stored.seeds.map((seed, replication) => ({ caseId: stored.caseId, caseIndex, point: stored.point, replication, seed, status: 'failed', metrics: null, error, caseWallMs: 0 }));
  await recordRows(tx, rows, { study, caseIndex, state: 'failed', attempt: attempts, worker });
  return true;
}
