/**
 * Runs one case of a study: its scenario once per replication (each with its own seed), the passes
 * planned once and shared by the replications (they depend on the orbits and stations, not on the
 * seed), and the chosen metrics of each run. A replication that fails becomes a row with its error.
 * Called in a worker thread (worker.mjs) or directly.
 * @module
 */
import { InputError, formatIssue } from '../errors.js';
import type { PlannedPass } from '../operations/index.js';
import { runScenario } from '../run/index.js';
import { loadScenarioDocument } from '../scenario/load.js';
import { computeMetrics, type MetricValues } from './metrics.js';

/** What a worker needs to run a case (structured-cloneable). */
export interface CaseTask {
  readonly caseIndex: number;
  readonly caseId: string;
  readonly point: Readonly<Record<string, unknown>>;
  /** The case's scenario document. */
  readonly doc: unknown;
  /** How the scenario is named in messages, and where its relative paths start. */
  readonly label: string;
  readonly baseDir: string;
  /** One seed per replication. */
  readonly seeds: readonly number[];
  readonly metrics: readonly string[];
}

/** The outcome of one replication of a case: a row of the results. */
export interface CaseRow {
  readonly caseId: string;
  readonly caseIndex: number;
  readonly point: Readonly<Record<string, unknown>>;
  readonly replication: number;
  readonly seed: number;
  readonly status: 'ok' | 'failed';
  /** metric -> key -> value (null when failed). */
  readonly metrics: Readonly<Record<string, MetricValues>> | null;
  /** Why it failed (null when ok). */
  readonly error: string | null;
}

/** An error as one line: every issue of an InputError, or the error's name and message. */
export function describeError(error: unknown): string {
  if (error instanceof InputError) return error.issues.map(formatIssue).join('; ');
  if (error instanceof Error) return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs every replication of a case. Never throws: failures are rows. */
export function runCase(task: CaseTask): CaseRow[] {
  let passes: readonly PlannedPass[] | undefined;
  return task.seeds.map((seed, replication) => {
    const row = { caseId: task.caseId, caseIndex: task.caseIndex, point: task.point, replication, seed };
    try {
      const scenario = loadScenarioDocument(task.doc, { label: task.label, baseDir: task.baseDir, seed });
      const run = runScenario(scenario, passes ? { passes } : {});
      passes = run.passes;
      return { ...row, status: 'ok', metrics: computeMetrics(run, task.metrics), error: null };
    } catch (error) {
      return { ...row, status: 'failed', metrics: null, error: describeError(error) };
    }
  });
}
