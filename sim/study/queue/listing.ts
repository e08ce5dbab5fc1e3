/**
 * Read-only access to the studies in a queue database, for the dashboard (`qkdsim serve --queue`):
 * each study with its progress, and its study.json written from the database as `qkdsim study
 * --collect` would (results.ts, from the stored definition), so a study in progress on other
 * machines can be looked at before it is finished. Nothing is migrated or enqueued from here.
 * @module
 */
import type { Study } from '../load.js';
import { studyJson, type StoredRow } from '../results.js';
import type { QueueTarget } from './connection.js';
import { QueueDb } from './db.js';
import { schemaVersion } from './schema.js';
import { studyFromDefinition, type StudyDefinition } from './task.js';

/** A study in the database, as the dashboard lists it. */
export interface DatabaseStudy {
  readonly name: string;
  readonly description: string;
  readonly fileHash: string;
  readonly replications: number;
  readonly dimensions: readonly string[];
  readonly totalCases: number;
  /** Cases with rows (done) or failed after their retries. */
  readonly finishedCases: number;
  readonly failedCases: number;
  /** Parameter points with rows, and failed runs (rows). */
  readonly points: number;
  readonly failedRuns: number;
  /** ISO 8601. */
  readonly recordedAt: string;
  readonly lastResultAt: string | null;
  /** Workers seen alive now (all studies share them). */
  readonly liveWorkers: number;
}

/** The dashboard's view of a queue database. */
export class StudyDatabase {
  private constructor(
    private readonly db: QueueDb,
    readonly shown: string,
  ) {}

  /** Connects (no migrations, no pg-boss). */
  static async open(target: QueueTarget, log?: (line: string) => void): Promise<StudyDatabase> {
    const db = await QueueDb.open({ target, applicationName: 'qkdsim-serve', who: 'serve', boss: false, migrate: false, poolSize: 2, connectAttempts: 4, ...(log ? { log } : {}) });
    return new StudyDatabase(db, target.shown);
  }

  /** Every study with its progress (none when qkdsim never ran on this database). Errors are redacted. */
  async list(): Promise<DatabaseStudy[]> {
    try {
      return await this.listStudies();
    } catch (error) {
      throw new Error(this.db.describe(error));
    }
  }

  private async listStudies(): Promise<DatabaseStudy[]> {
    if ((await schemaVersion(this.db.pool)) === 0) return [];
    const { rows } = await this.db.tryQuery(
      `SELECT s.name, s.description, s.file_hash, s.replications, s.total_cases, s.definition, s.created_at,
         (SELECT count(*) FROM qkdsim.cases c WHERE c.study = s.name AND c.state <> 'queued')::int AS finished,
         (SELECT count(*) FROM qkdsim.cases c WHERE c.study = s.name AND c.state = 'failed')::int AS failed_cases,
         (SELECT count(DISTINCT r.case_index) FROM qkdsim.results r WHERE r.study = s.name)::int AS points,
         (SELECT count(*) FROM qkdsim.results r WHERE r.study = s.name AND r.status = 'failed')::int AS failed_runs,
         (SELECT max(r.committed_at) FROM qkdsim.results r WHERE r.study = s.name) AS last_result,
         (SELECT count(*) FROM qkdsim.workers w WHERE w.stopped_at IS NULL
            AND w.last_seen > clock_timestamp() - make_interval(secs => 3 * w.heartbeat_s))::int AS live
       FROM qkdsim.studies s ORDER BY s.name`,
    );
    return rows.map((r) => ({
      name: String(r.name),
      description: String(r.description),
      fileHash: String(r.file_hash),
      replications: Number(r.replications),
      dimensions: (r.definition as StudyDefinition).dimensions.map((d) => d.name),
      totalCases: Number(r.total_cases),
      finishedCases: Number(r.finished),
      failedCases: Number(r.failed_cases),
      points: Number(r.points),
      failedRuns: Number(r.failed_runs),
      recordedAt: (r.created_at as Date).toISOString(),
      lastResultAt: r.last_result ? (r.last_result as Date).toISOString() : null,
      liveWorkers: Number(r.live),
    }));
  }

  /** The study as stored, rebuilt for results.ts; null when the database does not hold it. */
  private async study(name: string): Promise<Study | null> {
    if ((await schemaVersion(this.db.pool)) === 0) return null;
    const s = await this.db.tryQuery('SELECT definition FROM qkdsim.studies WHERE name = $1', [name]);
    if (!s.rows[0]) return null;
    const cases = await this.db.tryQuery('SELECT case_index, case_id, point FROM qkdsim.cases WHERE study = $1 ORDER BY case_index', [name]);
    const stored = cases.rows.map((c) => ({ caseIndex: Number(c.case_index), caseId: String(c.case_id), point: c.point as Record<string, unknown> }));
    return studyFromDefinition(s.rows[0].definition as StudyDefinition, stored);
  }

  /** study.json of a study from its rows so far (`complete: false` until every case is finished). */
  async studyJson(name: string): Promise<string | null> {
    const study = await this.study(name);
    if (!study) return null;
    const { rows } = await this.db.tryQuery('SELECT row FROM qkdsim.results WHERE study = $1 ORDER BY case_index, replication', [name]);
    return studyJson(study, rows.map((r) => r.row as StoredRow));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
