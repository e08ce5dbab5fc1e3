/**
 * Runs a study: its cases in parallel on a piscina pool of worker threads, each finished case
 * appended at once to `cases.jsonl` in the output folder, so an interrupted study loses only the
 * cases in flight; `resume` skips the cases already there. When the runs are done, study.json,
 * results.csv and summary.csv are derived from the rows file.
 *
 * Determinism: a case's seeds come from the study (cases.ts), its passes and metrics only from its
 * scenario, and the derived files sort rows into study order, so they are byte-identical for any
 * number of workers and across interruptions.
 *
 * sim/ reads no wall clock: per-case times and the ETA use the clock the caller passes (`now`).
 * @module
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { RUNS_COMPILED } from '../package-root.js';
import { InputError } from '../errors.js';
import type { RunLimits } from '../scenario/estimate.js';
import type { LimitedCaseTask } from './case-limits.js';
import type { Study } from './load.js';
import { describeError, type CaseRow } from './run-case.js';
import { RowsWriter, readResults, resultsCsv, resultsHeader, studyJson, summaryCsv, writeRowsFile, type StoredRow } from './results.js';


/** Young-generation size of each worker thread, MB (see the pool below). */
export const WORKER_YOUNG_GENERATION_MB = 256;
/**
 * The worker module: compiled, worker.js (built by npm install); from the sources (tests,
 * development), worker.cjs, which registers tsx first. Both run each case through case-limits.ts
 * (the run-size check), then run-case.ts.
 */
export const WORKER_URL = new URL(RUNS_COMPILED ? './worker.js' : './worker.cjs', import.meta.url).href;

/** Progress of a study after each finished case. */
export interface StudyProgress {
  /** Cases finished in this invocation, and how many this invocation runs. */
  readonly done: number;
  readonly toRun: number;
  /** Cases skipped because their rows were already there (resume). */
  readonly skipped: number;
  /** Rows (replications) that failed so far in this invocation. */
  readonly failedRows: number;
  /** The last finished case. */
  readonly last: { readonly caseId: string; readonly wallMs: number };
}

/** Options of {@link runStudy}. */
export interface StudyRunOptions {
  readonly outDir: string;
  /** Worker threads (at least 1). */
  readonly workers: number;
  /** Skip the cases already in outDir/cases.jsonl (the study must be unchanged). */
  readonly resume?: boolean;
  /** Start again even though outDir holds results. */
  readonly force?: boolean;
  /** Stop after this many cases have finished (the rest wait for a resume). */
  readonly maxCases?: number;
  /** Wall clock in ms for per-case times (default: none, times are 0). */
  readonly now?: () => number;
  readonly onProgress?: (progress: StudyProgress) => void;
  /** Called once the pending cases are known, before any runs. */
  readonly onStart?: (start: { readonly toRun: number; readonly skipped: number }) => void;
  /** Called with each problem found in the rows file on resume, before any runs (they are also in the outcome). */
  readonly onWarning?: (text: string) => void;
  /** Each case's run must fit these (sim/scenario/estimate.ts); a case over them fails without running. Default: no check. */
  readonly limits?: RunLimits;
}

/** What a study run did and wrote. */
export interface StudyOutcome {
  readonly outDir: string;
  /** Every row in the results, in study order is up to the caller (see results.ts). */
  readonly rows: readonly StoredRow[];
  readonly totalCases: number;
  readonly skipped: number;
  readonly ran: number;
  /** All cases have rows. */
  readonly complete: boolean;
  /** Files written, relative to outDir. */
  readonly files: readonly string[];
  /** Wall time of the case runs (pool start-up included), ms (0 without a clock). */
  readonly wallMs: number;
  /** Wall time of each case run in this invocation (all its replications), ms, in finishing order. */
  readonly caseWallMs: readonly number[];
  /** Damage found in the rows file on resume (broken lines left out, cases run again), one line each. */
  readonly warnings: readonly string[];
}

/**
 * The rows file: checked against the study when resuming (broken lines reported in `warnings` and
 * dropped by rewriting the file atomically, their cases left to run again), started anew otherwise.
 */
function prepareRows(study: Study, outDir: string, options: StudyRunOptions, warnings: string[]): StoredRow[] {
  const path = join(outDir, 'cases.jsonl');
  const exists = existsSync(path) && statSync(path).size > 0;
  if (exists && options.resume) {
    const { header, rows, problems, cutShort } = readResults(path);
    if (header === null) throw new InputError({ file: path, message: 'expected the results of a qkdsim study (its first line is not a study header)' });
    if (header.fileHash !== study.fileHash) {
      throw new InputError({
        file: path,
        message: `holds results of another version of study "${header.study}" (the study file, its base scenario or its candidates changed): use a new --out, or drop --resume and pass --force to start again`,
      });
    }
    for (const p of problems) warnings.push(`${path}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`);
    if (problems.length > 0 || cutShort) writeRowsFile(path, resultsHeader(study), rows);
    return rows;
  }
  if (exists && !options.force) {
    throw new InputError({ file: path, message: 'results of an earlier study run are here: pass --resume to continue it, --force to start again, or choose another --out' });
  }
  writeRowsFile(path, resultsHeader(study), []);
  return [];
}

/** Runs the study's pending cases and writes its results; see the module comment. */
export async function runStudy(study: Study, options: StudyRunOptions): Promise<StudyOutcome> {
  const now = options.now ?? (() => 0);
  const { outDir } = options;
  mkdirSync(outDir, { recursive: true });
  const rowsPath = join(outDir, 'cases.jsonl');
  const warnings: string[] = [];
  const previous = prepareRows(study, outDir, options, warnings);
  for (const w of warnings) options.onWarning?.(w);
  const doneCount = new Map<number, number>();
  for (const r of previous) doneCount.set(r.caseIndex, (doneCount.get(r.caseIndex) ?? 0) + 1);
  const pending = study.cases.filter((c) => (doneCount.get(c.index) ?? 0) < study.replications);
  const skipped = study.cases.length - pending.length;
  const toRun = options.maxCases !== undefined ? pending.slice(0, options.maxCases) : pending;
  const metrics = study.metrics.map((m) => m.name);
  options.onStart?.({ toRun: toRun.length, skipped });
  const fresh: StoredRow[] = [];
  const startedMs = now();
  let done = 0;
  let failedRows = 0;
  const caseWallMs: number[] = [];

  if (toRun.length > 0) {
    const threads = Math.max(1, Math.min(options.workers, toRun.length));
    // execArgv [] keeps the workers from inheriting `--import tsx` (tsx's ESM hooks, a second
    // start-up cost): worker.cjs registers what it needs itself, and the compiled worker needs none.
    // A larger young generation than V8 gives worker threads by default: SGP4 and the pass search
    // allocate many short-lived objects, and with the default the workers spent ~25 % more per case
    // in scavenges than the main thread (measured on the bench study).
    const pool = new Piscina<LimitedCaseTask, CaseRow[]>({
      filename: WORKER_URL,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      execArgv: [],
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    const writer = new RowsWriter(rowsPath);
    let next = 0;
    // Exactly `threads` cases in flight: each finished case dispatches the next, so the queue
    // stays empty and a case's wall time is its run time.
    const lane = async (): Promise<void> => {
      while (next < toRun.length) {
        const c = toRun[next++]!;
        const task: LimitedCaseTask = {
          caseIndex: c.index, caseId: c.caseId, point: c.point, doc: c.doc, label: study.base.label, baseDir: study.base.baseDir, seeds: c.seeds, metrics,
          ...(options.limits ? { limits: options.limits } : {}),
        };
        const t0 = now();
        let rows: CaseRow[];
        try {
          rows = await pool.run(task);
        } catch (error) {
          // The worker itself failed (out of memory, crashed): every replication fails with it.
          const message = `worker failed: ${describeError(error)}`;
          rows = c.seeds.map((seed, replication) => ({ caseId: c.caseId, caseIndex: c.index, point: c.point, replication, seed, status: 'failed', metrics: null, error: message }));
        }
        const wall = now() - t0;
        caseWallMs.push(wall);
        const stored = rows.map((r) => ({ ...r, caseWallMs: wall }));
        // One write of whole lines per case, synced: a crash leaves the case whole or a cut line.
        writer.appendCase(stored);
        fresh.push(...stored);
        done++;
        failedRows += rows.filter((r) => r.status === 'failed').length;
        options.onProgress?.({ done, toRun: toRun.length, skipped, failedRows, last: { caseId: c.caseId, wallMs: wall } });
      }
    };
    try {
      await Promise.all(Array.from({ length: threads }, lane));
    } finally {
      writer.close();
      await pool.destroy();
    }
  }
  const wallMs = now() - startedMs;
  const rows = [...previous, ...fresh];
  writeFileSync(join(outDir, 'study.json'), studyJson(study, rows));
  writeFileSync(join(outDir, 'results.csv'), resultsCsv(study, rows));
  writeFileSync(join(outDir, 'summary.csv'), summaryCsv(study, rows));
  const have = new Set(rows.map((r) => r.caseIndex));
  return {
    outDir,
    rows,
    totalCases: study.cases.length,
    skipped,
    ran: done,
    complete: study.cases.every((c) => have.has(c.index)),
    files: ['cases.jsonl', 'study.json', 'results.csv', 'summary.csv'],
    wallMs,
    caseWallMs,
    warnings,
  };
}
