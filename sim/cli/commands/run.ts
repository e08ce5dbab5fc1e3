/**
 * `qkdsim run FILE`: loads a scenario, runs it, prints a summary (or the JSON report) and writes
 * report.json, passes.csv, links.csv, demands.csv and pools.csv to the output folder. Wall-clock
 * facts (how long it took) go to a separate run-info.json so report.json stays byte-identical.
 * @module
 */
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { runScenario } from '../../run/index.js';
import { RunFiles, reportMayHoldSeries } from '../../report/run-files.js';
import { reportSummary } from '../../report/run-report.js';
import { CLI_RUN_LIMITS, checkRunSize, sampleCount } from '../../scenario/estimate.js';
import type { CliIo } from '../io.js';
import { FlagIssues, boundOf, parseChoice, runLimitFlags } from '../options.js';
import { STDIN_ARG, STDIN_LABEL, readScenario } from '../input.js';
import { buildCzml } from '../../report/czml.js';
import { czmlInputFromResult, czmlStepMs } from '../../report/czml-run.js';

interface RunFlags {
  out?: string;
  seed?: string;
  days?: string;
  format: string;
  detail?: string;
  quiet?: boolean;
  maxEvents?: string;
  maxMemoryMb?: string;
  czml?: string;
  czmlStep?: string;
}

/**
 * The default output folder of a scenario, `runs/<name>/`: the name made safe as one folder name
 * (anything but letters, digits, `.`, `_` and `-` becomes `_`, and it never starts with a dot), so
 * that no name can lead the output out of runs/. The schema refuses separators in names already;
 * this also covers names taken from file names.
 */
export function defaultRunFolder(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_').slice(0, 100);
  return join('runs', safe === '' ? 'scenario' : safe);
}

/** Shows a progress bar on a terminal once a run has taken more than a second. */
function progressReporter(io: CliIo, quiet: boolean): { update: (fraction: number) => void; stop: () => void } {
  if (quiet || !io.isTty) return { update: () => undefined, stop: () => undefined };
  // wall-clock: allowed here (progress display only; nothing of it reaches the report).
  const startedMs = Date.now();
  let bar: SingleBar | null = null;
  return {
    update(fraction) {
      if (!bar && Date.now() - startedMs > 1000) {
        bar = new SingleBar({ format: 'running [{bar}] {percentage}% | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true });
        bar.start(100, 0);
      }
      bar?.update(Math.round(fraction * 100));
    },
    stop() {
      bar?.stop();
    },
  };
}

/** Registers `qkdsim run`. */
export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run a scenario file (YAML or JSON) and write its report')
    .argument('<file>', 'scenario file (- for standard input)')
    .option('--out <dir>', 'output folder (default runs/<scenario name>/)')
    .option('--seed <n>', 'override the scenario seed')
    .option('--days <n>', 'override the scenario length, days')
    .option('--format <fmt>', 'summary | json (the report on stdout)', 'summary')
    .option('--detail <level>', "what report.json holds: auto | full | summary (default: the scenario's output.detail, auto)")
    .option('--quiet', 'no progress bar and no summary (files are still written)')
    .option('--czml <file>', 'also write the run as CZML for Cesium (satellites, nodes, passes, pool levels)')
    .option('--czml-step <s>', 'seconds between satellite positions in the CZML (default 60, wider for long runs)')
    .option('--max-events <n>', `refuse a run estimated to take more events (default ${CLI_RUN_LIMITS.maxEvents})`)
    .option('--max-memory-mb <n>', `refuse a run estimated to need more memory, MiB (default ${CLI_RUN_LIMITS.maxMemoryMb})`)
    .action(async (file: string, flags: RunFlags) => {
      const flagIssues = new FlagIssues();
      const seed = flagIssues.number('--seed', flags.seed, boundOf('seed', true));
      const days = flagIssues.number('--days', flags.days, boundOf('spanDays'));
      const format = flagIssues.attempt(() => parseChoice('--format', flags.format, ['summary', 'json'] as const)) ?? 'summary';
      const detailFlag = flags.detail === undefined ? undefined : flagIssues.attempt(() => parseChoice('--detail', flags.detail!, ['auto', 'full', 'summary'] as const));
      const czmlStepS = flagIssues.number('--czml-step', flags.czmlStep, { min: 1, max: 86_400 });
      if (czmlStepS !== undefined && flags.czml === undefined) flagIssues.add({ file: '--czml-step', message: 'only applies with --czml' });
      const limits = runLimitFlags(flagIssues, flags, CLI_RUN_LIMITS);
      flagIssues.throwIfAny();
      const scenario = await readScenario(io, file, { ...(seed !== undefined ? { seed } : {}), ...(days !== undefined ? { days } : {}) });
      const detail = detailFlag ?? scenario.output.detail;
      // The samples stay in memory only when the report or the CZML may hold them, or a constant
      // demand's readiness needs them; otherwise they only stream to pools.csv.
      const keepSeries =
        reportMayHoldSeries(detail, sampleCount(scenario), scenario.links.length) || flags.czml !== undefined || scenario.demands.some((d) => d.kind === 'constant');
      // Refused before any work when it would run for hours or outgrow memory (sim/scenario/estimate.ts).
      checkRunSize(scenario, limits, file === STDIN_ARG ? STDIN_LABEL : file, { keepSeries });
      if (!flags.quiet) for (const w of scenario.warnings) io.err(`qkdsim: warning: ${w}\n`);
      const progress = progressReporter(io, Boolean(flags.quiet));
      const outDir = resolve(io.cwd, flags.out ?? defaultRunFolder(scenario.name));
      // Per-pass rows and pool samples go to their files while the run goes.
      const files = new RunFiles(outDir, scenario);
      const startedMs = Date.now(); // wall-clock: allowed here (run-info.json only)
      const result = runScenario(scenario, { onProgress: progress.update, sink: files, keepSeries });
      const written = files.finish(result, detail);
      const wallS = (Date.now() - startedMs) / 1000;
      progress.stop();
      if (flags.czml !== undefined) {
        const stepMs = czmlStepMs(scenario.durationMs, czmlStepS === undefined ? undefined : Math.round(czmlStepS * 1000));
        writeFileSync(resolve(io.cwd, flags.czml), `${JSON.stringify(buildCzml(czmlInputFromResult(result, stepMs)))}\n`);
      }
      const info = { wallTimeS: wallS, events: result.stats.events, eventsPerS: wallS > 0 ? Math.round(result.stats.events / wallS) : null, detail: written.detail, node: process.version, finishedAt: new Date().toISOString() };
      writeFileSync(join(outDir, 'run-info.json'), JSON.stringify(info, null, 1) + '\n');
      if (format === 'json') io.out(written.reportText);
      else if (!flags.quiet) {
        io.out(`${reportSummary(written.report)}\nwritten to ${outDir} (${written.files.join(', ')}; report detail ${written.detail}) in ${wallS.toFixed(2)} s\n`);
      }
    });
}
