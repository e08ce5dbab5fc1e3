/**
 * The files of a run on disk. passes.csv and pools.csv are written while the run goes (this is the
 * run's RunSink): each pass row once its outcome is final, each pool-level row at its sample, through
 * a buffered file, so neither is held in memory whatever the span. report.json and the small tables
 * (links, demands, nights, outages) are written at the end.
 *
 * Detail of report.json (`output.detail` in the scenario, or `qkdsim run --detail`):
 *   full     the per-pass records and the pool series in report.json too (the shape of earlier
 *            versions; a dashboard draws them)
 *   summary  report.json keeps the aggregates (summary, links, demands, nights, outages) and names the
 *            files that hold the per-pass rows and the samples (`passRows`, `poolSamples`)
 *   auto     full while the run is small: at most AUTO_FULL_MAX_PASSES passes and
 *            AUTO_FULL_MAX_CELLS pool samples x pools (report.json then stays under ~30 MB); else summary
 * @module
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedPass, RunPassOutcome } from '../operations/index.js';
import type { RunResult, RunSink } from '../run/index.js';
import type { Scenario } from '../scenario/model.js';
import { csvField } from './format.js';
import { RUN_PASS_CSV_KEYS, passCsvLineOf } from './pass-rows.js';
import { buildReport, reportCsvs, reportJson, type ReportDetail, type RunReport } from './run-report.js';

/** `auto` detail gives a full report up to this many passes... */
export const AUTO_FULL_MAX_PASSES = 20_000;
/** ...and this many pool-level cells (samples x pools). */
export const AUTO_FULL_MAX_CELLS = 1_000_000;

/** The report detail a run gets: `auto` resolved by its size (see the module comment). */
export function resolveDetail(detail: ReportDetail | 'auto', passes: number, samples: number, pools: number): ReportDetail {
  if (detail !== 'auto') return detail;
  return passes <= AUTO_FULL_MAX_PASSES && samples * pools <= AUTO_FULL_MAX_CELLS ? 'full' : 'summary';
}

/**
 * Whether report.json may hold the pool series, decided before the run (the sample count is known
 * then, the pass count is not): full, or auto with few enough cells. When it is false the samples
 * only stream to pools.csv and the run need not keep them.
 */
export function reportMayHoldSeries(detail: ReportDetail | 'auto', samples: number, pools: number): boolean {
  return detail === 'full' || (detail === 'auto' && samples * pools <= AUTO_FULL_MAX_CELLS);
}

/** A file written in large chunks: lines are gathered and flushed every ~1 MB. */
class BufferedFile {
  private readonly fd: number;
  private chunks: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  line(text: string): void {
    this.chunks.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 16) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Streams a run's rows to its output folder and writes the rest at the end. */
export class RunFiles implements RunSink {
  private readonly passesFile: BufferedFile;
  private readonly poolsFile: BufferedFile;
  private passCount = 0;
  private sampleCount = 0;

  /** @param dir the output folder (created) */
  constructor(
    readonly dir: string,
    private readonly scenario: Scenario,
  ) {
    mkdirSync(dir, { recursive: true });
    this.passesFile = new BufferedFile(join(dir, 'passes.csv'));
    this.passesFile.line(RUN_PASS_CSV_KEYS.join(','));
    this.poolsFile = new BufferedFile(join(dir, 'pools.csv'));
    this.poolsFile.line(['tS', ...scenario.links.map((l) => l.id)].map(csvField).join(','));
  }

  pass(_index: number, p: PlannedPass, outcome: RunPassOutcome, deliveredBits: number): void {
    this.passesFile.line(passCsvLineOf(p, outcome, deliveredBits, this.scenario.startUtcMs));
    this.passCount++;
  }

  sample(tMs: number, levels: Float64Array): void {
    let line = String(tMs / 1000);
    for (let i = 0; i < levels.length; i++) line += `,${levels[i]}`;
    this.poolsFile.line(line);
    this.sampleCount++;
  }

  /**
   * Closes the streamed files and writes report.json and the small tables.
   * @returns the report text and the names of the files written
   */
  finish(result: RunResult, detail: ReportDetail | 'auto'): { report: RunReport; reportText: string; files: string[]; detail: ReportDetail } {
    this.passesFile.close();
    this.poolsFile.close();
    const resolved = resolveDetail(detail, this.passCount, this.sampleCount, this.scenario.links.length);
    const report = buildReport(result, {
      detail: resolved,
      files: { passes: 'passes.csv', pools: 'pools.csv', passCount: this.passCount, sampleCount: this.sampleCount },
    });
    const reportText = reportJson(report);
    writeFileIn(this.dir, 'report.json', reportText);
    for (const [name, text] of Object.entries(reportCsvs(report))) writeFileIn(this.dir, name, text);
    const files = ['report.json', 'passes.csv', 'links.csv', 'demands.csv', 'pools.csv', 'nights.csv', 'outages.csv'];
    return { report, reportText, files, detail: resolved };
  }
}

function writeFileIn(dir: string, name: string, text: string): void {
  const fd = openSync(join(dir, name), 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
