/**
 * Warm run workers: threads that have already loaded the simulator and wait for a job, so that a
 * run from the page starts at once instead of after the seconds it takes a new thread to load
 * (and, under tsx, compile) the simulator. Each worker runs one job and is then ended (a run may
 * leave caches or a large heap behind). The replacement is started when the run ends ({@link
 * WarmWorkerPool.fill}), not when it starts: loading a worker takes a core for a second or two,
 * which a run on a two-core machine should not have to share.
 *
 * The pool does not know where the worker script is: it calls `spawn`. The default spawns
 * RUN_WORKER_URL, the one place that names the script (a compiled build changes only that).
 * @module
 */
import { Worker } from 'node:worker_threads';
import { RUNS_COMPILED } from '../sim/package-root.js';
import { RUN_WORKER_FLAG, type RunJob, type WorkerMessage } from './run-job.js';

/**
 * The run worker's entry script: compiled, run-job.js itself (built by npm install); from the
 * sources (tests, development), run-worker.mjs, which registers tsx and loads run-job.ts.
 */
export const RUN_WORKER_URL = new URL(RUNS_COMPILED ? './run-job.js' : './run-worker.mjs', import.meta.url);

/** Starts one run worker thread (not yet given a job); `heapMb` bounds its old generation. */
export type SpawnWorker = (heapMb: number) => Worker;

/** Spawns RUN_WORKER_URL. */
export const spawnRunWorker: SpawnWorker = (heapMb) =>
  new Worker(RUN_WORKER_URL, {
    workerData: { [RUN_WORKER_FLAG]: true },
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    stdout: false,
    stderr: false,
  });

/** A worker handed out by the pool: send it its job once; its messages follow on `worker`. */
export interface RunWorker {
  readonly worker: Worker;
  /** Sends the job (after the worker's `ready`, queued until then). */
  start(job: RunJob): void;
}

interface Entry {
  readonly worker: Worker;
  ready: boolean;
  job: RunJob | null;
  failed: boolean;
}

/** Options of a {@link WarmWorkerPool}. */
export interface WorkerPoolOptions {
  /** Workers kept loaded and waiting. Default 1; 0 starts each worker when a run starts. */
  readonly warm?: number;
  readonly heapMb: number;
  readonly spawn?: SpawnWorker;
}

/** Keeps `warm` loaded workers waiting; see the module comment. */
export class WarmWorkerPool {
  private readonly idle: Entry[] = [];
  private readonly warm: number;
  private readonly heapMb: number;
  private readonly spawn: SpawnWorker;
  private closed = false;

  constructor(options: WorkerPoolOptions) {
    this.warm = Math.max(0, Math.floor(options.warm ?? 1));
    this.heapMb = options.heapMb;
    this.spawn = options.spawn ?? spawnRunWorker;
    this.fill();
  }

  /** Idle workers that have loaded the simulator. */
  get readyCount(): number {
    return this.idle.filter((e) => e.ready).length;
  }

  /** Workers waiting (loaded or still loading). */
  get idleCount(): number {
    return this.idle.length;
  }

  /** A worker for one run: a loaded one when there is one, else the one loading longest, else a new one. */
  take(): RunWorker {
    const i = this.idle.findIndex((e) => e.ready);
    const entry = i >= 0 ? this.idle.splice(i, 1)[0]! : (this.idle.shift() ?? this.create());
    entry.worker.ref();
    entry.worker.removeAllListeners('error');
    entry.worker.removeAllListeners('exit');
    return {
      worker: entry.worker,
      start: (job) => {
        entry.job = job;
        if (entry.ready) entry.worker.postMessage({ type: 'job', job });
      },
    };
  }

  /** Ends every idle worker; the pool starts no more. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    await Promise.all(idle.map((e) => e.worker.terminate()));
  }

  /** Starts workers until `warm` are waiting (the run manager calls it when a run ends). */
  fill(): void {
    while (!this.closed && this.idle.length < this.warm) {
      const entry = this.create();
      // An idle worker must not keep the process alive; one that dies while idle is replaced.
      entry.worker.unref();
      entry.worker.once('error', () => this.drop(entry));
      entry.worker.once('exit', () => this.drop(entry));
      this.idle.push(entry);
    }
  }

  private create(): Entry {
    const entry: Entry = { worker: this.spawn(this.heapMb), ready: false, job: null, failed: false };
    entry.worker.on('message', (m: WorkerMessage) => {
      if (m?.type !== 'ready' || entry.ready) return;
      entry.ready = true;
      if (entry.job) entry.worker.postMessage({ type: 'job', job: entry.job });
    });
    return entry;
  }

  private drop(entry: Entry): void {
    const i = this.idle.indexOf(entry);
    if (i < 0 || entry.failed) return;
    entry.failed = true;
    this.idle.splice(i, 1);
    // A worker that cannot even load would be respawned forever: replace it only once it had loaded.
    if (entry.ready) this.fill();
  }
}
