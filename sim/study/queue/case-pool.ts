/**
 * The threads a queue worker runs cases on: the local runner's worker module (sim/study/worker.cjs,
 * the exported case runner of run-case.ts) on a piscina pool with the local runner's settings, so a
 * case computes the same thing whichever runner runs it.
 * @module
 */
import { Piscina } from 'piscina';
import type { CaseRow, CaseTask } from '../run-case.js';
import { WORKER_URL, WORKER_YOUNG_GENERATION_MB } from '../run.js';

/** Runs case tasks on threads. */
export interface CaseRunner {
  run(task: CaseTask): Promise<CaseRow[]>;
  /** Ends the threads (a case still running is abandoned: its run() rejects). */
  destroy(): Promise<void>;
}

/** A pool of `threads` threads, started at once (their start-up is paid before the first case). */
export function createCasePool(threads: number): CaseRunner {
  const pool = new Piscina<CaseTask, CaseRow[]>({
    filename: WORKER_URL,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 2 ** 31 - 1,
    // As run.ts: no inherited `--import tsx`; a larger young generation (fewer scavenges).
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  return { run: (task) => pool.run(task), destroy: () => pool.destroy() };
}
