/**
 * `qkdsim study FILE`: runs every case of a study file on worker threads, appending each finished
 * case to cases.jsonl in the output folder, then writes study.json, results.csv and summary.csv
 * and prints the table of results. `--resume` continues an interrupted study. Wall-clock facts
 * (how long it took) go to study-info.json so the result files stay byte-identical.
 * @module
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SingleBar } from 'cli-progress';
import { METRICS, runStudy, studyTable, summarize, summaryCsv, type StudyProgress } from '../../study/index.js';
import type { CliIo } from '../io.js';
import { CLI_RUN_LIMITS } from '../../scenario/estimate.js';
import { FlagIssues, parseChoice, runLimitFlags } from '../options.js';
import { readStudy } from '../input.js';

interface StudyFlags {
  workers?: string;
  out?: string;
  resume?: boolean;
  force?: boolean;
  maxCases?: string;
  quiet?: boolean;
  maxEvents?: string;
  maxMemoryMb?: string;
  format: string;
  queue?: string;
  collect?: boolean;
  retries: string;
}

/** Each case's run limits: the CLI's, named for studies (a case over them fails without running). */
const STUDY_CASE_LIMITS = { ...CLI_RUN_LIMITS, source: { ...CLI_RUN_LIMITS.source, name: 'the limit of each case of qkdsim study' } };

/** `12 s`, `3 min 05 s`. */
function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A progress bar on a terminal; a plain line about every tenth of the cases otherwise; nothing when quiet. */
export function progressReporter(io: CliIo, quiet: boolean, startedMs: number): { start: (s: { toRun: number }) => void; update: (p: StudyProgress) => void; stop: () => void } {
  if (quiet) return { start: () => undefined, update: () => undefined, stop: () => undefined };
  if (io.isTty) {
    let bar: SingleBar | null = null;
    return {
      start(s) {
        if (s.toRun === 0) return;
        bar = new SingleBar({ format: 'study [{bar}] {value}/{total} cases | {failed} failed | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 20 });
        bar.start(s.toRun, 0, { failed: 0 });
      },
      update: (p) => bar?.update(p.done, { failed: p.failedRows }),
      stop: () => bar?.stop(),
    };
  }
  return {
    start: () => undefined,
    update(p) {
      const every = Math.max(1, Math.ceil(p.toRun / 10));
      if (p.done % every !== 0 && p.done !== p.toRun) return;
      const elapsed = performance.now() - startedMs;
      const eta = (elapsed / p.done) * (p.toRun - p.done);
      io.err(`qkdsim: study: ${p.done}/${p.toRun} cases (${p.failedRows} failed runs), ${seconds(elapsed)}, ETA ${seconds(eta)}\n`);
    },
    stop: () => undefined,
  };
}

/** Registers `qkdsim study`. */
export function registerStudy(program: Command, io: CliIo): void {
  program
    .command('study')
    .description('run a study: many variants of a scenario in parallel, tabulated')
    .argument('<file>', 'study file (YAML or JSON; - for standard input)')
    .option('--workers <n>', `worker threads (default: the number of cores, ${availableParallelism()})`)
    .option('--out <dir>', 'output folder (default runs/studies/<study name>/)')
    .option('--resume', 'skip the cases already in the output folder (after an interruption)')
    .option('--force', 'start again even though the output folder holds results')
    .option('--max-cases <n>', 'stop after this many cases (continue later with --resume)')
    .option('--quiet', 'no progress and no table (files are still written)')
    .option('--max-events <n>', `a case whose run is estimated to take more events fails without running (default ${CLI_RUN_LIMITS.maxEvents})`)
    .option('--max-memory-mb <n>', `a case whose run is estimated to need more memory fails without running, MiB (default ${CLI_RUN_LIMITS.maxMemoryMb})`)
    .option('--format <fmt>', 'summary on stdout: table | json | csv (summary.csv)', 'table')
    .option('--queue <url>', 'run the cases through a PostgreSQL job queue: postgres://user@host/db, or embedded (README "Many machines"); --workers then runs cases here too')
    .option('--collect', 'with --queue: write the result files from the database now (no enqueuing, no waiting)')
    .option('--retries <n>', 'with --queue: retries of a case whose run fails or whose worker is lost', '2')
    .addHelpText('after', `\nMetrics: ${METRICS.map((m) => m.name).join(', ')} (scenarios/README.md, "Studies").`)
    .action(async (file: string, flags: StudyFlags) => {
      const flagIssues = new FlagIssues();
      const workersGiven = flagIssues.number('--workers', flags.workers, { integer: true, min: flags.queue !== undefined ? 0 : 1, max: 256 });
      const workers = workersGiven ?? availableParallelism();
      const maxCases = flagIssues.number('--max-cases', flags.maxCases, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
      if (flags.resume && flags.force) flagIssues.add({ file: '--force', message: 'expected --resume or --force, not both' });
      const limits = runLimitFlags(flagIssues, flags, STUDY_CASE_LIMITS);
      const format = flagIssues.attempt(() => parseChoice('--format', flags.format, ['table', 'json', 'csv'] as const));
      const retries = flagIssues.number('--retries', flags.retries, { integer: true, min: 0, max: 100 })!;
      if (flags.queue === undefined && flags.collect) flagIssues.add({ file: '--collect', message: 'needs --queue (the database to collect from)' });
      if (flags.queue !== undefined) {
        for (const [flag, given] of [['--resume', flags.resume], ['--max-cases', flags.maxCases]] as const) {
          if (given !== undefined) flagIssues.add({ file: flag, message: 'not with --queue (a queued study resumes by itself: run the same command again)' });
        }
      }
      flagIssues.throwIfAny();
      const study = await readStudy(io, file);
      const outDir = resolve(io.cwd, flags.out ?? join('runs', 'studies', study.name));
      const quiet = Boolean(flags.quiet);
      if (flags.queue !== undefined) {
        const progress = progressReporter(io, quiet, performance.now());
        if (!quiet) io.err(`qkdsim: study ${study.name}: ${study.cases.length} case(s) x ${study.replications} replication(s) = ${study.cases.length * study.replications} run(s) through the queue\n`);
        // The queue (pg, pg-boss) loads only for queued studies: every other command starts without it.
        const { runQueuedStudy } = await import('./study-queue.js');
        return runQueuedStudy(io, { study, queue: flags.queue, outDir, force: Boolean(flags.force), collect: Boolean(flags.collect), retries, workers: workersGiven, defaultWorkers: availableParallelism(), quiet, format: format ?? 'table', progress });
      }
      const runs = study.cases.length * study.replications;
      if (!quiet) io.err(`qkdsim: study ${study.name}: ${study.cases.length} case(s) x ${study.replications} replication(s) = ${runs} run(s) on ${workers} worker(s)\n`);
      const startedMs = performance.now();
      const progress = progressReporter(io, quiet, startedMs);
      const onInterrupt = (): void => {
        progress.stop();
        io.err(`\nqkdsim: study interrupted; finished cases are saved in ${join(outDir, 'cases.jsonl')}: run again with --resume to finish\n`);
        process.exit(130);
      };
      process.once('SIGINT', onInterrupt);
      let outcome;
      try {
        outcome = await runStudy(study, { outDir, workers, resume: Boolean(flags.resume), force: Boolean(flags.force), ...(maxCases !== undefined ? { maxCases } : {}), now: () => performance.now(), onStart: progress.start, onProgress: progress.update, onWarning: (w) => io.err(`qkdsim: warning: ${w}\n`), limits });
      } finally {
        process.removeListener('SIGINT', onInterrupt);
        progress.stop();
      }
      const failed = outcome.rows.filter((r) => r.status === 'failed');
      const caseMs = outcome.ran > 0 ? outcome.caseWallMs.reduce((a, b) => a + b, 0) / outcome.ran : null;
      const info = {
        wallTimeS: outcome.wallMs / 1000,
        workers,
        casesRun: outcome.ran,
        casesSkipped: outcome.skipped,
        meanCaseWallS: caseMs === null ? null : caseMs / 1000,
        node: process.version,
        finishedAt: new Date().toISOString(),
      };
      writeFileSync(join(outDir, 'study-info.json'), JSON.stringify(info, null, 1) + '\n');
      if (failed.length > 0) {
        const first = failed[0]!;
        io.err(`qkdsim: warning: ${failed.length} of ${outcome.rows.length} run(s) failed (recorded in results.csv); the first, ${first.caseId} replication ${first.replication}: ${first.error}\n`);
      }
      if (quiet) return;
      if (format === 'json') return io.out(`${JSON.stringify(summarize(study, outcome.rows), null, 1)}\n`);
      if (format === 'csv') return io.out(summaryCsv(study, outcome.rows));
      io.out(studyTable(study, outcome.rows));
      const skipped = outcome.skipped > 0 ? `, ${outcome.skipped} already done` : '';
      io.out(`${outcome.ran} case(s) run in ${seconds(outcome.wallMs)}${skipped}; written to ${outDir} (${[...outcome.files, 'study-info.json'].join(', ')})\n`);
      if (!outcome.complete) io.out(`stopped before the end: run again with --resume to finish the remaining cases\n`);
    });
}
