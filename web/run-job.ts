/**
 * One run as the server executes it: where its scenario comes from, loading it (the server loads it
 * once on the main thread to validate and keep the satellites for ground tracks, and the worker
 * loads it again), and the worker side that runs it and posts progress and the report back.
 *
 * Worker protocol (web/worker-pool.ts): a worker started with `workerData.qkdsimRunWorker` loads
 * this module, posts `ready`, and waits; the server sends one `job`, and the worker posts stages,
 * progress and `done` or `failed`. Loading the simulator is what makes a cold start slow, so the
 * pool starts workers before they are needed.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, PropagationError, type InputIssue } from '../sim/errors.js';
import { runScenario } from '../sim/run/index.js';
import { buildReport, type RunReport } from '../sim/report/run-report.js';
import { demandSeries, type DemandSeriesDoc } from './demand-series.js';
import { loadScenarioDocument, loadScenarioFile, type Scenario } from '../sim/scenario/index.js';

/** Where a run's scenario comes from: a shipped file, uploaded text (YAML or JSON), or an uploaded object. */
export type RunSource =
  | { readonly kind: 'file'; readonly path: string; readonly label: string }
  /** A parsed document; `text` is the uploaded text it was parsed from, when it came as text (hashed). */
  | { readonly kind: 'document'; readonly doc: unknown; readonly label: string; readonly text?: string };

/** Everything a worker needs to run a scenario (structured-cloneable). */
export interface RunJob {
  readonly source: RunSource;
  /** Folder relative element-set paths of uploaded documents resolve from. */
  readonly baseDir: string;
  readonly seed?: number | undefined;
  readonly days?: number | undefined;
  /** Uploaded documents: the only folder their file references may open (see sim/scenario/file-access.ts). */
  readonly confineTo?: string;
}

/** Messages from the worker to the server. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'stage'; readonly stage: 'loading' | 'passes' | 'running' | 'report' }
  | { readonly type: 'progress'; readonly fraction: number }
  | { readonly type: 'done'; readonly report: RunReport; readonly demandSeries: DemandSeriesDoc }
  | { readonly type: 'failed'; readonly error: string; readonly issues?: readonly InputIssue[] };

/**
 * Loads a job's scenario with its seed and days overrides.
 * @throws InputError with every problem found
 */
export function loadJob(job: RunJob): Scenario {
  const overrides = { seed: job.seed, days: job.days };
  const s = job.source;
  if (s.kind === 'file') return loadScenarioFile(s.path, { label: s.label, ...overrides });
  const files = job.confineTo !== undefined ? { kind: 'confined' as const, root: job.confineTo } : undefined;
  return loadScenarioDocument(s.doc, { label: s.label, baseDir: job.baseDir, text: s.text, files, ...overrides });
}

/** Runs a job to its report, posting stages and progress (at most every 1 % or 200 ms). */
export function executeJob(job: RunJob, post: (m: WorkerMessage) => void): void {
  try {
    post({ type: 'stage', stage: 'loading' });
    const scenario = loadJob(job);
    post({ type: 'stage', stage: 'passes' });
    let lastFraction = -1;
    let lastMs = 0;
    let running = false;
    const result = runScenario(scenario, {
      onProgress(fraction) {
        if (!running) {
          running = true;
          post({ type: 'stage', stage: 'running' });
        }
        const now = Date.now();
        if (fraction - lastFraction >= 0.01 || now - lastMs >= 200) {
          lastFraction = fraction;
          lastMs = now;
          post({ type: 'progress', fraction });
        }
      },
    });
    post({ type: 'stage', stage: 'report' });
    const report = buildReport(result);
    // A shipped scenario is named as the repository names it, never by its path on the server.
    if (job.source.kind === 'file') report.scenario = { ...report.scenario, file: job.source.label };
    post({ type: 'done', report, demandSeries: demandSeries(result) });
  } catch (error) {
    if (error instanceof InputError) post({ type: 'failed', error: 'invalid scenario', issues: error.issues });
    else if (error instanceof PropagationError || error instanceof RangeError) post({ type: 'failed', error: error.message });
    else {
      // Logged on the server (stderr of the worker); the client only learns that it failed.
      console.error('qkdsim serve: run failed:', error);
      post({ type: 'failed', error: 'internal error while running the scenario (see the server log)' });
    }
  }
}

/** Marks a worker thread as a run worker (see the module comment). */
export const RUN_WORKER_FLAG = 'qkdsimRunWorker';

if (parentPort && workerData && (workerData as Record<string, unknown>)[RUN_WORKER_FLAG] === true) {
  const port = parentPort;
  port.once('message', (m: { type: 'job'; job: RunJob }) => {
    if (m?.type === 'job') executeJob(m.job, (out) => port.postMessage(out));
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}
