/**
 * A study case checked against the run-size limits before it runs (sim/scenario/estimate.ts): a
 * case whose run would exceed them fails at once, each replication a row saying why, instead of
 * holding a worker for hours or taking it down. The workers run this (worker.cjs).
 * @module
 */
import { InputError, formatIssue } from '../errors.js';
import { runSizeIssues, type RunLimits } from '../scenario/estimate.js';
import { loadScenarioDocument } from '../scenario/load.js';
import type { Scenario } from '../scenario/model.js';
import { runCase, type CaseRow, type CaseTask } from './run-case.js';

/** A case with the limits its runs must fit in (none: no check). */
export interface LimitedCaseTask extends CaseTask {
  readonly limits?: RunLimits;
}

/**
 * Runs a case's replications when its run fits the limits; otherwise returns a failed row per
 * replication with the estimate and what makes it big. The estimate does not depend on the seed,
 * so one check covers every replication. A case that does not load is left to runCase, which
 * reports its issues as it always does.
 */
export function runCaseWithinLimits(task: LimitedCaseTask): CaseRow[] {
  if (task.limits === undefined) return runCase(task);
  let scenario: Scenario;
  try {
    scenario = loadScenarioDocument(task.doc, { label: task.label, baseDir: task.baseDir });
  } catch (error) {
    if (error instanceof InputError) return runCase(task);
    throw error;
  }
  const issues = runSizeIssues(scenario, task.limits, `case ${task.caseId}`);
  if (issues.length === 0) return runCase(task);
  const error = issues.map(formatIssue).join('; ');
  return task.seeds.map((seed, replication) => ({ caseId: task.caseId, caseIndex: task.caseIndex, point: task.point, replication, seed, status: 'failed', metrics: null, error }));
}
