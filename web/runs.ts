/**
 * The server's runs: each runs in its own worker thread (so the server keeps answering and
 * progress streams while a run goes), taken from a pool of warm workers (web/worker-pool.ts), at
 * most `maxConcurrent` at once, each stopped after `timeoutMs`. Finished runs stay in memory, the
 * newest `keepFinished` of them. Counts of runs started, finished and refused feed /metrics.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { InputIssue } from '../sim/errors.js';
import type { RunReport } from '../sim/report/run-report.js';
import type { Scenario } from '../sim/scenario/index.js';
import type { DemandSeriesDoc } from './demand-series.js';
import type { RunJob, WorkerMessage } from './run-job.js';
import { WarmWorkerPool, type SpawnWorker } from './worker-pool.js';

/** Lifecycle of a run. */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';
/** What a running run is doing. */
export type RunStage = 'starting' | 'loading' | 'passes' | 'running' | 'report' | 'finished';

/** One run and everything known about it. */
export interface RunRecord {
  readonly id: string;
  status: RunStatus;
  stage: RunStage;
  /** Fraction of simulated time done, 0..1. */
  progress: number;
  readonly createdAt: string;
  finishedAt: string | null;
  /** Wall-clock seconds from start to finish. */
  wallS: number | null;
  /** Where the scenario came from: a shipped name, or `upload`. */
  readonly origin: { readonly kind: 'shipped'; readonly name: string } | { readonly kind: 'upload'; readonly label: string };
  readonly job: RunJob;
  /** The scenario as loaded on the main thread (satellites for tracks, pool settings). */
  readonly scenario: Scenario;
  error: string | null;
  issues: readonly InputIssue[] | null;
  report: RunReport | null;
  /** Demands over time (web/demand-series.ts), with the report. */
  demandSeries: DemandSeriesDoc | null;
}

/** Something that happened to a run, for server-sent events. */
export type RunEvent =
  | { readonly type: 'stage'; readonly stage: RunStage }
  | { readonly type: 'progress'; readonly progress: number }
  | { readonly type: 'end'; readonly status: RunStatus };

/** Thrown by {@link RunManager.start} when `maxConcurrent` runs are already going. */
export class TooManyRunsError extends Error {
  constructor(readonly limit: number) {
    super(`too many runs: at most ${limit} may run at once; try again when one finishes`);
    this.name = 'TooManyRunsError';
  }
}

/** Options of a {@link RunManager}. */
export interface RunManagerOptions {
  /** Runs going at once; one more is refused. Default 2. */
  readonly maxConcurrent?: number;
  /** Finished runs kept in memory (oldest dropped first). Default 20. */
  readonly keepFinished?: number;
  /** A run still going after this long is stopped, ms. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** Heap limit of each run's worker, MB. Default 2048. */
  readonly workerHeapMb?: number;
  /** Workers kept loaded and waiting for a run. Default 1. */
  readonly warmWorkers?: number;
  /** How a worker thread is started (default: web/run-worker.mjs, see web/worker-pool.ts). */
  readonly spawnWorker?: SpawnWorker;
}

/** Runs counted since the server started (for /metrics). */
export interface RunCounts {
  started: number;
  /** Refused with 429 (maxConcurrent runs going). */
  refused: number;
  finished: Record<Exclude<RunStatus, 'running'>, number>;
}

/** Starts runs in worker threads and keeps their records. */
export class RunManager {
  readonly maxConcurrent: number;
  readonly keepFinished: number;
  readonly timeoutMs: number;
  private readonly pool: WarmWorkerPool;
  /** Counts since start; see RunCounts. */
  readonly counts: RunCounts = { started: 0, refused: 0, finished: { done: 0, failed: 0, cancelled: 0 } };
  private readonly runs = new Map<string, RunRecord>();
  private readonly workers = new Map<string, { worker: Worker; timer: NodeJS.Timeout }>();
  private readonly listeners = new Map<string, Set<(e: RunEvent) => void>>();

  constructor(options: RunManagerOptions = {}) {
    this.maxConcurrent = options.maxConcurrent ?? 2;
    this.keepFinished = options.keepFinished ?? 20;
    this.timeoutMs = options.timeoutMs ?? 10 * 60_000;
    this.pool = new WarmWorkerPool({ warm: options.warmWorkers ?? 1, heapMb: options.workerHeapMb ?? 2048, spawn: options.spawnWorker });
  }

  /** Idle workers that have loaded the simulator (a run started now starts at once). */
  get warmReady(): number {
    return this.pool.readyCount;
  }

  /** Runs going now. */
  get active(): number {
    return this.workers.size;
  }

  /**
   * Starts a run of an already validated job in a new worker.
   * @throws TooManyRunsError when maxConcurrent runs are going
   */
  start(job: RunJob, scenario: Scenario, origin: RunRecord['origin']): RunRecord {
    if (this.workers.size >= this.maxConcurrent) {
      this.counts.refused++;
      throw new TooManyRunsError(this.maxConcurrent);
    }
    this.counts.started++;
    const id = randomBytes(6).toString('hex');
    const startedMs = Date.now();
    const record: RunRecord = {
      id,
      status: 'running',
      stage: 'starting',
      progress: 0,
      createdAt: new Date(startedMs).toISOString(),
      finishedAt: null,
      wallS: null,
      origin,
      job,
      scenario,
      error: null,
      issues: null,
      report: null,
      demandSeries: null,
    };
    this.runs.set(id, record);
    const taken = this.pool.take();
    const worker = taken.worker;
    const finish = (status: RunStatus, error: string | null = null, issues: readonly InputIssue[] | null = null): void => {
      if (record.status !== 'running') return;
      record.status = status;
      record.stage = 'finished';
      record.error = error;
      record.issues = issues;
      record.finishedAt = new Date().toISOString();
      record.wallS = (Date.now() - startedMs) / 1000;
      if (status === 'done') record.progress = 1;
      if (status !== 'running') this.counts.finished[status]++;
      const entry = this.workers.get(id);
      if (entry) {
        clearTimeout(entry.timer);
        this.workers.delete(id);
        void entry.worker.terminate();
      }
      this.emit(id, { type: 'end', status });
      this.listeners.delete(id);
      this.prune();
      this.pool.fill();
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'stage') {
        record.stage = m.stage;
        this.emit(id, { type: 'stage', stage: m.stage });
      } else if (m.type === 'progress') {
        record.progress = Math.max(record.progress, Math.min(1, m.fraction));
        this.emit(id, { type: 'progress', progress: record.progress });
      } else if (m.type === 'done') {
        record.report = m.report;
        record.demandSeries = m.demandSeries;
        finish('done');
      } else if (m.type === 'failed') {
        finish('failed', m.error, m.issues ?? null);
      }
    });
    worker.on('error', (error) => {
      const oom = /ERR_WORKER_OUT_OF_MEMORY/.test(String((error as NodeJS.ErrnoException).code ?? error.message));
      if (!oom) console.error(`qkdsim serve: run ${id} worker error:`, error);
      finish('failed', oom ? 'the run ran out of memory (scenario too large for the server)' : 'internal error while running the scenario (see the server log)');
    });
    worker.on('exit', (code) => {
      finish('failed', `the run stopped unexpectedly (worker exit code ${code})`);
    });
    const timer = setTimeout(() => finish('failed', `the run took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped`), this.timeoutMs);
    timer.unref();
    this.workers.set(id, { worker, timer });
    taken.start(job);
    return record;
  }

  /** A run by id. */
  get(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  /** Every run kept, newest first. */
  list(): RunRecord[] {
    return [...this.runs.values()].reverse();
  }

  /** Stops a running run; false when it is not running. */
  cancel(id: string): boolean {
    const record = this.runs.get(id);
    if (!record || record.status !== 'running') return false;
    const entry = this.workers.get(id);
    // finish() via the exit handler would call it failed: mark it first.
    record.status = 'cancelled';
    record.stage = 'finished';
    record.finishedAt = new Date().toISOString();
    this.counts.finished.cancelled++;
    if (entry) {
      clearTimeout(entry.timer);
      this.workers.delete(id);
      void entry.worker.terminate();
    }
    this.emit(id, { type: 'end', status: 'cancelled' });
    this.listeners.delete(id);
    this.prune();
    this.pool.fill();
    return true;
  }

  /** Calls `listener` with each event of a running run until it ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (e: RunEvent) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => void this.listeners.get(id)?.delete(listener);
  }

  /** Stops every worker (for server shutdown). */
  async close(): Promise<void> {
    const entries = [...this.workers.entries()];
    const idle = this.pool.close();
    for (const [id] of entries) this.cancel(id);
    await Promise.all([...entries.map(([, e]) => e.worker.terminate()), idle]);
  }

  private emit(id: string, event: RunEvent): void {
    for (const listener of this.listeners.get(id) ?? []) listener(event);
  }

  /** Drops the oldest finished runs beyond keepFinished. */
  private prune(): void {
    const finished = [...this.runs.values()].filter((r) => r.status !== 'running');
    for (const r of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.runs.delete(r.id);
  }
}
