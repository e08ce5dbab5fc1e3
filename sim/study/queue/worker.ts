/**
 * A queue worker: `concurrency` slots, each taking one case at a time from pg-boss (SKIP LOCKED
 * fetch), checking it (records.ts), running it on a thread with the local runner's case runner,
 * and writing its rows in the transaction that completes the job. Idle slots sleep until a NOTIFY
 * says cases were enqueued (or a poll interval passes), so a new case starts within milliseconds.
 *
 * Lost workers. pg-boss expires an active job when `started_on + expire_in` has passed (checked by
 * its maintenance, which every process runs), then retries it. pg-boss 10 has no heartbeat, so
 * this worker adds one: every `heartbeatS` it moves the expiry of its running jobs to
 * 3 × heartbeatS from now (an UPDATE of expire_in in pg-boss's job table). A case may run for
 * hours on a live worker; a SIGKILL'd worker's case is taken again about 3 × heartbeatS later.
 *
 * Stopping (stop()): no new cases; running cases get `graceMs` to finish, then are released: their
 * jobs are put back as never started (state created, started_on NULL in pg-boss's job table, so the
 * release costs no retry) and another worker takes them at once.
 *
 * The clock (`now`) is the caller's: sim/ reads no wall clock (wall times are for the rows'
 * caseWallMs only, never for results).
 * @module
 */
import type { CaseRow, CaseTask } from '../run-case.js';
import { describeError } from '../run-case.js';
import { createCasePool, type CaseRunner } from './case-pool.js';
import { CASE_QUEUE, CASES_CHANNEL, DEAD_QUEUE, Listener, type QueueDb } from './db.js';
import type { CaseJobData } from './enqueue.js';
import { completeCase, failAttempt, noteLostAttempt, recordDeadCase, refuseCase, verifyCase } from './records.js';
import { caseTask } from './task.js';

/** What happened to a case a worker took. */
export interface WorkerCaseEvent {
  readonly study: string;
  readonly caseId: string;
  readonly attempt: number;
  /** done: rows written; retry: the run threw (pg-boss retries it); failed: dead-lettered, failed rows
   * written; refused: hash not verified; lost: the job was no longer this worker's; released: stop. */
  readonly outcome: 'done' | 'retry' | 'failed' | 'refused' | 'lost' | 'released';
  readonly wallMs: number;
  readonly detail?: string;
}

/** Options of {@link QueueWorker}. */
export interface QueueWorkerOptions {
  readonly db: QueueDb;
  /** This worker's id (unique among live workers: host and pid). */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** Cases at once (threads). */
  readonly concurrency: number;
  /** Seconds between heartbeats; a lost worker's case is retried ~3x this later. Default 10. */
  readonly heartbeatS?: number;
  /** Idle poll interval, ms (NOTIFY wakes slots sooner). Default 2000. */
  readonly pollMs?: number;
  /** Wall clock for case times, ms (default: none, times are 0). */
  readonly now?: () => number;
  /** The case runner (default: a thread pool running run-case.ts). */
  readonly runCase?: (task: CaseTask) => Promise<CaseRow[]>;
  readonly onCase?: (event: WorkerCaseEvent) => void;
}

interface Running {
  readonly id: string;
  readonly queue: string;
  released: boolean;
}

type FetchedJob = { id: string; data: CaseJobData; retryCount: number };

/** A running worker; see the module comment. */
export class QueueWorker {
  private readonly stopping = new AbortController();
  /** Aborted when the grace is over: database steps stuck retrying an outage give up. */
  private readonly hardStop = new AbortController();
  private readonly running = new Map<string, Running>();
  private readonly listener: Listener;
  private pool: CaseRunner | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private slots: Promise<void>[] = [];
  private readonly heartbeatS: number;
  private cutGrace: (() => void) | null = null;
  private fetches = 0;

  constructor(private readonly options: QueueWorkerOptions) {
    this.heartbeatS = options.heartbeatS ?? 10;
    this.listener = new Listener(options.db, CASES_CHANNEL);
  }

  /** Registers the worker, starts its threads, heartbeat and slots. */
  async start(): Promise<void> {
    const { db, id, host, pid, concurrency } = this.options;
    await db.query(
      `INSERT INTO qkdsim.workers (id, host, pid, concurrency, heartbeat_s) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET host = $2, pid = $3, concurrency = $4, heartbeat_s = $5, started_at = clock_timestamp(), last_seen = clock_timestamp(), stopped_at = NULL`,
      [id, host, pid, concurrency, this.heartbeatS],
    );
    if (!this.options.runCase) this.pool = createCasePool(concurrency);
    this.listener.start();
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatS * 1000);
    this.slots = Array.from({ length: concurrency }, () => this.slot());
  }

  /** Resolves when every slot has ended (after stop()). */
  async finished(): Promise<void> {
    await Promise.all(this.slots);
  }

  /** Cases running now. */
  get busy(): number {
    return this.running.size;
  }

  /**
   * Stops taking cases; waits up to `graceMs` for running ones, then releases the rest; closes the
   * threads and the LISTEN connection (the caller closes the database).
   */
  async stop(graceMs: number): Promise<{ released: number }> {
    this.stopping.abort();
    const all = Promise.all(this.slots);
    const cut = new Promise<boolean>((r) => {
      this.cutGrace = () => r(false);
    });
    const waited = await Promise.race([all.then(() => true), cut, new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref())]);
    const released = waited ? 0 : await this.release();
    this.hardStop.abort();
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.pool?.destroy().catch(() => undefined);
    await this.listener.close();
    await this.options.db
      .tryQuery('UPDATE qkdsim.workers SET stopped_at = clock_timestamp(), last_seen = clock_timestamp() WHERE id = $1', [this.options.id])
      .catch(() => undefined);
    return { released };
  }

  /** During stop(): give the running cases back now instead of waiting out the grace. */
  releaseNow(): void {
    this.cutGrace?.();
  }

  /** Puts the running cases' jobs back as never started. */
  private async release(): Promise<number> {
    const mine = [...this.running.values()].filter((r) => !r.released);
    for (const r of mine) r.released = true;
    if (mine.length === 0) return 0;
    await this.options.db
      .tryQuery(
        `UPDATE pgboss.job SET state = 'created', started_on = NULL, start_after = now() WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[]) AND state = 'active'`,
        [[CASE_QUEUE, DEAD_QUEUE], mine.map((r) => r.id)],
      )
      .then(() => this.options.db.tryQuery('SELECT pg_notify($1, $2)', [CASES_CHANNEL, 'released']))
      .catch((error) => this.options.db.note(`releasing ${mine.length} case(s) failed (${this.options.db.describe(error)}); they are retried after their heartbeat lapses`));
    return mine.length;
  }

  /** Extends the expiry of this worker's running jobs and marks it alive (one statement). */
  private async beat(ids: string[] = [...this.running.keys()]): Promise<void> {
    const { db } = this.options;
    try {
      await db.pool.query(
        `WITH jobs AS (
           UPDATE pgboss.job SET expire_in = (clock_timestamp() - started_on) + make_interval(secs => $3)
           WHERE name = ANY($1::text[]) AND id = ANY($2::uuid[]) AND state = 'active' RETURNING 1
         )
         UPDATE qkdsim.workers SET last_seen = clock_timestamp() WHERE id = $4`,
        [[CASE_QUEUE, DEAD_QUEUE], ids, 3 * this.heartbeatS, this.options.id],
      );
      db.noteUp('heartbeat');
    } catch (error) {
      db.noteError('heartbeat', error);
    }
  }

  /**
   * The next job: a case, or when there is none (and every 16th fetch, so they never starve) a
   * dead-lettered case, which completes a study with failed rows.
   */
  private async fetch(): Promise<{ job: FetchedJob; queue: string } | null> {
    const boss = this.options.db.boss;
    const order = this.fetches++ % 16 === 15 ? [DEAD_QUEUE, CASE_QUEUE] : [CASE_QUEUE, DEAD_QUEUE];
    for (const queue of order) {
      // pg-boss's fetch returns [] when the database is unreachable; the slot then waits and polls.
      const [job] = await boss.fetch<CaseJobData>(queue, { batchSize: 1, includeMetadata: true });
      if (job) return { job: { id: job.id, data: job.data, retryCount: job.retryCount }, queue };
    }
    return null;
  }

  private async slot(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      const next = await this.fetch().catch(() => null);
      if (!next) {
        await this.listener.wait(this.options.pollMs ?? 2000, signal);
        continue;
      }
      if (signal.aborted) {
        // Taken just as the worker stopped: give it back untouched.
        this.running.set(next.job.id, { id: next.job.id, queue: next.queue, released: false });
        await this.release();
        this.running.delete(next.job.id);
        return;
      }
      const entry: Running = { id: next.job.id, queue: next.queue, released: false };
      this.running.set(entry.id, entry);
      try {
        // The first heartbeat, alongside the case (the job's initial expiry covers the moment).
        void this.beat([entry.id]);
        await this.handle(next.job, next.queue, entry);
      } catch (error) {
        this.options.db.note(`case of study ${next.job.data?.study} not settled: ${this.options.db.describe(error)} (it is retried after its heartbeat lapses)`);
      } finally {
        this.running.delete(entry.id);
      }
    }
  }

  private event(e: WorkerCaseEvent): void {
    this.options.onCase?.(e);
  }

  private async handle(job: FetchedJob, queue: string, entry: Running): Promise<void> {
    const { db, id: worker } = this.options;
    const hard = this.hardStop.signal;
    const attempt = job.retryCount + 1;
    const base = { study: String(job.data?.study), caseId: `#${job.data?.caseIndex}`, attempt };
    const verified = await verifyCase({ query: (text, values) => db.query(text, values, hard) }, job.data);
    if (queue === DEAD_QUEUE) {
      // Out of retries: failed rows complete the study, even if this worker could not run the case.
      if ('stored' in verified) {
        const wrote = await db.transaction('record failed case', (tx) => recordDeadCase(tx, db.calls, job, verified, worker), hard);
        return this.event({ ...base, caseId: verified.stored.caseId, outcome: wrote ? 'failed' : 'lost', wallMs: 0 });
      }
      await db.transaction('refuse case', (tx) => refuseCase(tx, db.calls, job, DEAD_QUEUE, attempt, verified.refused, false, worker), hard);
      return this.event({ ...base, outcome: 'refused', wallMs: 0, detail: verified.refused });
    }
    if ('refused' in verified) {
      if ('retry' in verified) {
        await db.transaction('fail case', (tx) => failAttempt(tx, db.calls, job, attempt, `refused by ${worker}: ${verified.refused}`, worker), hard);
      } else {
        await db.transaction('refuse case', (tx) => refuseCase(tx, db.calls, job, queue, attempt, verified.refused, verified.caseExists, worker), hard);
      }
      return this.event({ ...base, outcome: 'refused', wallMs: 0, detail: verified.refused });
    }
    const caseId = verified.stored.caseId;
    if (job.retryCount > 0) await db.transaction('note lost attempt', (tx) => noteLostAttempt(tx, job.data, job.retryCount), hard);
    const now = this.options.now ?? (() => 0);
    const t0 = now();
    let rows: CaseRow[];
    try {
      const task = caseTask(verified.def, verified.stored);
      rows = await (this.options.runCase ? this.options.runCase(task) : this.pool!.run(task));
    } catch (error) {
      if (entry.released) return this.event({ ...base, caseId, outcome: 'released', wallMs: now() - t0 });
      const message = describeError(error);
      await db.transaction('fail case', (tx) => failAttempt(tx, db.calls, job, attempt, message, worker), hard);
      return this.event({ ...base, caseId, outcome: 'retry', wallMs: now() - t0, detail: message });
    }
    const wallMs = now() - t0;
    if (entry.released) return this.event({ ...base, caseId, outcome: 'released', wallMs });
    const written = await db.transaction('complete case', (tx) => completeCase(tx, db.calls, job, rows, wallMs, worker, attempt), hard);
    this.event({ ...base, caseId, outcome: written ? 'done' : 'lost', wallMs });
  }
}
