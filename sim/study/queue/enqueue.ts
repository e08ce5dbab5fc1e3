/**
 * Recording a study in the database and enqueuing its cases, in one transaction so that a study is
 * either fully recorded with a job per case or not at all. Idempotent by the study's hash: the same
 * study (same file hash) enqueues nothing the second time; a different version under the same name
 * is refused unless `force`, which cancels the old version's pending jobs and deletes its rows
 * before recording the new one. Concurrent enqueuers of one study are serialised by an advisory
 * lock on its name.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { InputError } from '../../errors.js';
import type { Study } from '../load.js';
import { CASE_QUEUE, CASES_CHANNEL, type QueueDb, type Tx } from './db.js';
import { storedCase, studyDefinition, taskSha256 } from './task.js';

/** Cases inserted per statement (bounded statement size whatever the study's size). */
const CHUNK = 500;

/** Options of {@link enqueueStudy}. */
export interface EnqueueOptions {
  /** Replace another version of the study (or start this one again). */
  readonly force?: boolean;
  /** Retries of a case whose run throws or whose worker is lost, before it is recorded as failed. */
  readonly retries: number;
  /** Seconds before the first retry (doubled for each next one). Default 5. */
  readonly retryDelayS?: number;
}

/** What enqueueStudy did. */
export interface EnqueueOutcome {
  /** `new`: recorded and enqueued; `unchanged`: already there (nothing enqueued); `replaced`: forced. */
  readonly status: 'new' | 'unchanged' | 'replaced';
  readonly totalCases: number;
  /** Cases already finished (done or failed). */
  readonly finished: number;
}

/** The job payload of a case. */
export interface CaseJobData {
  readonly study: string;
  readonly fileHash: string;
  readonly caseIndex: number;
  readonly taskSha256: string;
}

/** Records the study and enqueues its cases unless the same version is already there. */
export async function enqueueStudy(db: QueueDb, study: Study, options: EnqueueOptions): Promise<EnqueueOutcome> {
  return db.transaction('enqueue', async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('qkdsim.study:' || $1))`, [study.name]);
    const { rows } = await tx.query('SELECT file_hash, created_at FROM qkdsim.studies WHERE name = $1 FOR UPDATE', [study.name]);
    const existing = rows[0] as { file_hash: string; created_at: Date } | undefined;
    if (existing && !options.force) {
      if (existing.file_hash !== study.fileHash) {
        throw new InputError({
          file: study.file ?? study.base.label,
          message: `the queue already holds another version of study "${study.name}" (hash ${existing.file_hash.slice(0, 12)}…, recorded ${existing.created_at.toISOString()}; this file's hash is ${study.fileHash.slice(0, 12)}…): pass --force to replace it (its results are deleted), or give this version another name`,
        });
      }
      const done = await tx.query(`SELECT count(*)::int AS n FROM qkdsim.cases WHERE study = $1 AND state <> 'queued'`, [study.name]);
      return { status: 'unchanged', totalCases: study.cases.length, finished: Number(done.rows[0]!.n) };
    }
    if (existing) await dropStudy(db, tx, study.name);
    await recordStudy(db, tx, study, options);
    return { status: existing ? 'replaced' : 'new', totalCases: study.cases.length, finished: 0 };
  });
}

/** Cancels a study's pending jobs and deletes its rows (cases, results, failures cascade). */
async function dropStudy(db: QueueDb, tx: Tx, name: string): Promise<void> {
  const { rows } = await tx.query(`SELECT job_id FROM qkdsim.cases WHERE study = $1 AND state = 'queued'`, [name]);
  const ids = rows.map((r) => String(r.job_id));
  for (let i = 0; i < ids.length; i += CHUNK) await db.calls.cancel(CASE_QUEUE, ids.slice(i, i + CHUNK), { db: tx.boss });
  await tx.query('DELETE FROM qkdsim.studies WHERE name = $1', [name]);
}

async function recordStudy(db: QueueDb, tx: Tx, study: Study, options: EnqueueOptions): Promise<void> {
  const def = studyDefinition(study);
  await tx.query(
    `INSERT INTO qkdsim.studies (name, file_hash, description, seed, replications, total_cases, definition)
     VALUES ($1, $2, $3, $4, $5, $6, $7::json)`,
    [study.name, study.fileHash, study.description, study.seed, study.replications, study.cases.length, JSON.stringify(def)],
  );
  const retryDelay = options.retryDelayS ?? 5;
  for (let i = 0; i < study.cases.length; i += CHUNK) {
    const chunk = study.cases.slice(i, i + CHUNK).map((c) => {
      const stored = storedCase(c);
      return { ...stored, sha: taskSha256(def, stored), job: randomUUID() };
    });
    await tx.query(
      `INSERT INTO qkdsim.cases (study, case_index, case_id, point, seeds, doc, task_sha256, job_id)
       SELECT $1, (e->>'caseIndex')::int, e->>'caseId', e->'point', e->'seeds', e->'doc', e->>'sha', (e->>'job')::uuid
       FROM json_array_elements($2::json) AS e`,
      [study.name, JSON.stringify(chunk)],
    );
    const jobs = chunk.map((c) => {
      const data: CaseJobData = { study: study.name, fileHash: study.fileHash, caseIndex: c.caseIndex, taskSha256: c.sha };
      // expireInSeconds only covers the moment between a worker's fetch and its first heartbeat;
      // from then on the worker's heartbeat keeps extending it (worker.ts).
      return { id: c.job, name: CASE_QUEUE, data, retryLimit: options.retries, retryDelay, retryBackoff: true, expireInSeconds: 120 };
    });
    await db.boss.insert(jobs, { db: tx.boss });
  }
  await tx.query(`SELECT pg_notify($1, $2)`, [CASES_CHANNEL, study.name]);
}
