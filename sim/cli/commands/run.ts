/**
 * `qkdsim run FILE`: loads a scenario, runs it, prints a summary (or the JSON report) and writes
 * report.json, passes.csv, links.csv, demands.csv and pools.csv to the output folder. Wall-clock
 * facts (how long it took) go to a separate run-info.json so report.json stays byte-identical.
 * @module
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { runScenario } from '../../run/index.js';
import { buildReport, reportCsvs, reportJson, reportSummary } from '../../report/run-report.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { CLI_RUN_LIMITS, checkRunSize } from '../../scenario/estimate.js';
import type { CliIo } from '../io.js';
import { FlagIssues, boundOf, parseChoice, runLimitFlags } from '../options.js';

interface RunFlags {
  out?: string;
  seed?: string;
  days?: string;
  format: string;
  quiet?: boolean;
  maxEvents?: string;
  maxMemoryMb?: string;
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
    .argument('<file>', 'scenario file')
    .option('--out <dir>', 'output folder (default runs/<scenario name>/)')
    .option('--seed <n>', 'override the scenario seed')
    .option('--days <n>', 'override the scenario length, days')
    .option('--format <fmt>', 'summary | json (the report on stdout)', 'summary')
    .option('--quiet', 'no progress bar and no summary (files are still written)')
    .option('--max-events <n>', `refuse a run estimated to take more events (default ${CLI_RUN_LIMITS.maxEvents})`)
    .option('--max-memory-mb <n>', `refuse a run estimated to need more memory, MiB (default ${CLI_RUN_LIMITS.maxMemoryMb})`)
    .action((file: string, flags: RunFlags) => {
      const flagIssues = new FlagIssues();
      const seed = flagIssues.number('--seed', flags.seed, boundOf('seed', true));
      const days = flagIssues.number('--days', flags.days, boundOf('spanDays'));
      const format = flagIssues.attempt(() => parseChoice('--format', flags.format, ['summary', 'json'] as const)) ?? 'summary';
      const limits = runLimitFlags(flagIssues, flags, CLI_RUN_LIMITS);
      flagIssues.throwIfAny();
      const scenario = loadScenarioFile(file, { ...(seed !== undefined ? { seed } : {}), ...(days !== undefined ? { days } : {}) });
      // Refused before any work when it would run for hours or outgrow memory (sim/scenario/estimate.ts).
      checkRunSize(scenario, limits, file);
      if (!flags.quiet) for (const w of scenario.warnings) io.err(`qkdsim: warning: ${w}\n`);
      const progress = progressReporter(io, Boolean(flags.quiet));
      const startedMs = Date.now(); // wall-clock: allowed here (run-info.json only)
      const result = runScenario(scenario, { onProgress: progress.update });
      const wallS = (Date.now() - startedMs) / 1000;
      progress.stop();
      const report = buildReport(result);
      const outDir = resolve(io.cwd, flags.out ?? defaultRunFolder(scenario.name));
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'report.json'), reportJson(report));
      for (const [name, text] of Object.entries(reportCsvs(report))) writeFileSync(join(outDir, name), text);
      const info = { wallTimeS: wallS, events: result.stats.events, eventsPerS: wallS > 0 ? Math.round(result.stats.events / wallS) : null, node: process.version, finishedAt: new Date().toISOString() };
      writeFileSync(join(outDir, 'run-info.json'), JSON.stringify(info, null, 1) + '\n');
      if (format === 'json') io.out(reportJson(report));
      else if (!flags.quiet) io.out(`${reportSummary(report)}\nwritten to ${outDir} (report.json, passes.csv, links.csv, demands.csv, pools.csv, nights.csv, outages.csv) in ${wallS.toFixed(2)} s\n`);
    });
}
