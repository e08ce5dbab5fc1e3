/**
 * A study's results: the rows file (`cases.jsonl`, a header line then one line per case and
 * replication, appended as cases finish, in whatever order they finish), and what is derived from
 * it in study order: `study.json` (documented in scenarios/README.md, "Studies"), `results.csv`,
 * `summary.csv` (mean and spread per parameter point) and the printed table. The derived files
 * depend only on the rows, never on how many workers ran them or in which order.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { csvField, formatTable, type Column } from '../report/format.js';
import type { Study } from './load.js';
import type { CaseRow } from './run-case.js';

/** Version tag of cases.jsonl and study.json. */
export const STUDY_FORMAT = 'qkdsim-study/1';

/** First line of cases.jsonl: which study the rows belong to. */
export interface ResultsHeader {
  readonly format: string;
  readonly study: string;
  readonly fileHash: string;
  readonly cases: number;
  readonly replications: number;
}

/** A row as stored: the case row plus the wall time of its whole case (all replications), ms. */
export type StoredRow = CaseRow & { readonly caseWallMs: number };

/** mean, sample standard deviation (0 for one value), min, max and count of a metric key at a point. */
export interface Stats {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

/** One parameter point: its replications summarised. */
export interface PointSummary {
  readonly caseId: string;
  readonly point: Readonly<Record<string, unknown>>;
  /** Replications that ran, and those that failed. */
  readonly n: number;
  readonly failed: number;
  readonly metrics: Readonly<Record<string, Readonly<Record<string, Stats>>>>;
}

/** The header line of a new rows file. */
export function resultsHeader(study: Study): string {
  const header: ResultsHeader = { format: STUDY_FORMAT, study: study.name, fileHash: study.fileHash, cases: study.cases.length, replications: study.replications };
  return `${JSON.stringify(header)}\n`;
}

/** A line of a rows file that was not used, and why (for a warning). */
export interface RowsProblem {
  /** 1-based line number. */
  readonly line: number;
  readonly message: string;
}

/** What a rows file holds: its header (null when the first line is not one), the rows kept, and the lines left out. */
export interface RowsRead {
  readonly header: ResultsHeader | null;
  /** One row per (case, replication), of complete cases only, in the order of the file (a later copy replaces an earlier one). */
  readonly rows: StoredRow[];
  readonly problems: readonly RowsProblem[];
  /** The file does not end with a whole line (an append was cut short). */
  readonly cutShort: boolean;
}

/** Why a parsed line is not a row of this study, or null when it is one. */
function rowProblem(v: unknown, header: ResultsHeader): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a row object';
  const r = v as Record<string, unknown>;
  const isIndex = (x: unknown, n: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < n;
  if (!isIndex(r.caseIndex, header.cases)) return `caseIndex ${JSON.stringify(r.caseIndex)} is not a case of the study (0 to ${header.cases - 1})`;
  if (!isIndex(r.replication, header.replications)) return `replication ${JSON.stringify(r.replication)} is not one of the study's (0 to ${header.replications - 1})`;
  if (typeof r.caseId !== 'string' || (r.status !== 'ok' && r.status !== 'failed')) return 'not a row (caseId and status ok / failed expected)';
  return null;
}

/**
 * Reads a rows file, tolerating damage: a line that is not a whole row (cut short by a kill, a full
 * disk or a power loss, or glued to the next by an older qkdsim) is reported with its line number
 * and left out, and the rows after it are kept; a case that lacks some replications is left out
 * whole, so that it runs again on resume; a later copy of a row replaces an earlier one, so a case
 * run again is never counted twice.
 */
export function readResults(path: string): RowsRead {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const cutShort = text.length > 0 && !text.endsWith('\n');
  const problems: RowsProblem[] = [];
  let header: ResultsHeader | null = null;
  try {
    const first = JSON.parse(lines[0] ?? '') as unknown;
    if (first && typeof first === 'object' && (first as ResultsHeader).format === STUDY_FORMAT) header = first as ResultsHeader;
  } catch {
    header = null;
  }
  if (header === null) return { header, rows: [], problems, cutShort };
  const byKey = new Map<string, StoredRow>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      const where = i === lines.length - 1 && cutShort ? 'the last line is cut short' : 'a broken line (cut short, or two rows glued together)';
      problems.push({ line: i + 1, message: `${where}: left out; its case runs again on resume` });
      continue;
    }
    const why = rowProblem(parsed, header);
    if (why !== null) {
      problems.push({ line: i + 1, message: `${why}: left out` });
      continue;
    }
    const row = parsed as StoredRow;
    const key = `${row.caseIndex}:${row.replication}`;
    byKey.delete(key); // re-inserted: a later copy takes the later place
    byKey.set(key, row);
  }
  const have = new Map<number, number>();
  for (const r of byKey.values()) have.set(r.caseIndex, (have.get(r.caseIndex) ?? 0) + 1);
  const rows = [...byKey.values()].filter((r) => have.get(r.caseIndex) === header.replications);
  for (const [caseIndex, n] of have) {
    if (n < header.replications) {
      const id = [...byKey.values()].find((r) => r.caseIndex === caseIndex)!.caseId;
      problems.push({ line: 0, message: `case ${id} has ${n} of ${header.replications} replication(s) (the rest were lost): it runs again on resume` });
    }
  }
  return { header, rows, problems, cutShort };
}

/** The lines of rows as one buffer (one JSON object per line, each ending in a newline). */
const rowsBuffer = (rows: readonly StoredRow[]): Buffer => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');

/** Writes a whole buffer at the descriptor's position (a short write continues where it stopped). */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
}

/**
 * The rows file of a running study, open for appending. Each case's rows go in one write of whole
 * lines (O_APPEND: the kernel places it at the end, after any other appender's) followed by an
 * fsync, so that a case is either in the file whole or, after a crash mid-write, a cut line that
 * readResults reports and leaves out.
 */
export class RowsWriter {
  private fd: number | null;

  /** Opens `path` for appending; a file that does not end with a newline gets one first, so the next row starts on its own line. */
  constructor(readonly path: string, cutShort = false) {
    this.fd = openSync(path, 'a');
    if (cutShort) writeAll(this.fd, Buffer.from('\n'));
  }

  /** Appends one case's rows (all its replications) as one write, and syncs them to disk. */
  appendCase(rows: readonly StoredRow[]): void {
    if (this.fd === null) throw new Error(`rows file ${this.path} is closed`);
    writeAll(this.fd, rowsBuffer(rows));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Writes a rows file anew, atomically (a temporary file synced, then renamed over it): the header
 * and the given rows. Used to start a study, and to drop the broken lines of a damaged file on resume.
 */
export function writeRowsFile(path: string, header: string, rows: readonly StoredRow[]): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, Buffer.concat([Buffer.from(header, 'utf8'), rowsBuffer(rows)]));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Rows in study order (case, then replication), one per (case, replication). */
export function orderRows(rows: readonly StoredRow[]): StoredRow[] {
  const seen = new Set<string>();
  return [...rows]
    .sort((a, b) => a.caseIndex - b.caseIndex || a.replication - b.replication)
    .filter((r) => {
      const key = `${r.caseIndex}:${r.replication}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Keys of each metric, in order of first appearance in study order. */
export function metricKeys(study: Study, rows: readonly StoredRow[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of study.metrics) {
    const keys = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r.metrics?.[m.name] ?? {})) keys.add(k);
    out[m.name] = [...keys];
  }
  return out;
}

function stats(values: readonly number[]): Stats {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), n };
}

/** Mean and spread of every metric key at every point that has rows. */
export function summarize(study: Study, rows: readonly StoredRow[]): PointSummary[] {
  const ordered = orderRows(rows);
  const keys = metricKeys(study, ordered);
  return study.cases.flatMap((c) => {
    const mine = ordered.filter((r) => r.caseIndex === c.index);
    if (mine.length === 0) return [];
    const ok = mine.filter((r) => r.status === 'ok');
    const metrics: Record<string, Record<string, Stats>> = {};
    for (const m of study.metrics) {
      const per: Record<string, Stats> = {};
      for (const k of keys[m.name]!) {
        const values = ok.map((r) => r.metrics?.[m.name]?.[k]).filter((v): v is number => typeof v === 'number');
        if (values.length > 0) per[k] = stats(values);
      }
      metrics[m.name] = per;
    }
    return [{ caseId: c.caseId, point: c.point, n: mine.length, failed: mine.length - ok.length, metrics }];
  });
}

/** study.json: the study, its dimensions and metrics, every row, and the summary per point. */
export function studyJson(study: Study, rows: readonly StoredRow[]): string {
  const ordered = orderRows(rows);
  const keys = metricKeys(study, ordered);
  const doc = {
    format: STUDY_FORMAT,
    name: study.name,
    description: study.description,
    fileHash: study.fileHash,
    seed: study.seed,
    seeds: study.seeds,
    replications: study.replications,
    complete: ordered.length === study.cases.length * study.replications,
    dimensions: study.dimensions.map((d) => ({ name: d.name, paths: d.paths, values: d.values })),
    metrics: study.metrics.map((m) => ({ name: m.name, unit: m.unit, description: m.description, headline: m.headline, keys: keys[m.name] })),
    cases: ordered.map((r) => ({
      caseId: r.caseId,
      point: r.point,
      replication: r.replication,
      seed: r.seed,
      status: r.status,
      ...(r.status === 'ok' ? { metrics: r.metrics } : { error: r.error }),
    })),
    summary: summarize(study, ordered),
  };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

/** The columns of the point: every path of every dimension. */
function pointColumns(study: Study): string[] {
  return study.dimensions.flatMap((d) => d.paths);
}

const cell = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** results.csv: one row per case and replication. */
export function resultsCsv(study: Study, rows: readonly StoredRow[]): string {
  const ordered = orderRows(rows);
  const keys = metricKeys(study, ordered);
  const flat = study.metrics.flatMap((m) => keys[m.name]!.map((k) => [m.name, k] as const));
  const header = ['caseId', 'replication', 'seed', 'status', ...pointColumns(study), ...flat.map(([m, k]) => `${m}.${k}`), 'error'];
  const lines = ordered.map((r) =>
    [r.caseId, r.replication, r.seed, r.status, ...pointColumns(study).map((p) => cell(r.point[p])), ...flat.map(([m, k]) => cell(r.metrics?.[m]?.[k])), r.error ?? '']
      .map((v) => csvField(String(v)))
      .join(','),
  );
  return [header.map((h) => csvField(h)).join(','), ...lines].join('\n') + '\n';
}

/** summary.csv: one row per parameter point, mean / sd / min / max of every metric key. */
export function summaryCsv(study: Study, rows: readonly StoredRow[]): string {
  const summary = summarize(study, rows);
  const keys = metricKeys(study, orderRows(rows));
  const flat = study.metrics.flatMap((m) => keys[m.name]!.map((k) => [m.name, k] as const));
  const stat = ['mean', 'sd', 'min', 'max'] as const;
  const header = ['caseId', ...pointColumns(study), 'n', 'failed', ...flat.flatMap(([m, k]) => stat.map((s) => `${m}.${k}.${s}`))];
  const lines = summary.map((p) =>
    [p.caseId, ...pointColumns(study).map((c) => cell(p.point[c])), p.n, p.failed, ...flat.flatMap(([m, k]) => stat.map((s) => cell(p.metrics[m]?.[k]?.[s])))]
      .map((v) => csvField(String(v)))
      .join(','),
  );
  return [header.map((h) => csvField(h)).join(','), ...lines].join('\n') + '\n';
}

/** A number for people in a metric's unit: SI prefixes for bits, three decimals for fractions. */
export function formatMetric(value: number, unit: string): string {
  if (unit === 'fraction') return value.toFixed(3);
  if (unit.startsWith('bit')) {
    const a = Math.abs(value);
    const [div, p] = a >= 1e9 ? [1e9, 'G'] : a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'k'] : [1, ''];
    return `${(value / div).toPrecision(3)}${p}`;
  }
  return String(Number(value.toFixed(2)));
}

/** The table printed at the end of a study: one row per point, the chosen metric keys (mean ± sd). */
export function studyTable(study: Study, rows: readonly StoredRow[]): string {
  const summary = summarize(study, rows);
  const keys = metricKeys(study, orderRows(rows));
  const columns: Column<PointSummary>[] = [{ header: 'case', value: (p) => p.caseId }];
  for (const d of study.dimensions) {
    columns.push({ header: d.name, right: true, value: (p) => d.paths.map((path) => cell(p.point[path])).join('/') });
  }
  if (study.replications > 1 || summary.some((p) => p.failed > 0)) {
    columns.push({ header: 'ok', right: true, value: (p) => `${p.n - p.failed}/${p.n}` });
  }
  for (const t of study.table) {
    const unit = study.metrics.find((m) => m.name === t.metric)!.unit;
    for (const key of t.key === null ? keys[t.metric]! : [t.key]) {
      columns.push({
        header: `${t.metric}.${key}`,
        right: true,
        value: (p) => {
          const s = p.metrics[t.metric]?.[key];
          if (!s) return null;
          return study.replications > 1 ? `${formatMetric(s.mean, unit)} ± ${formatMetric(s.sd, unit)}` : formatMetric(s.mean, unit);
        },
      });
    }
  }
  const units = study.metrics.map((m) => `${m.name} in ${m.unit}`).join(', ');
  const spread = study.replications > 1 ? `; mean ± sd over ${study.replications} replications` : '';
  return `${formatTable(summary, columns)}(${units}${spread})\n`;
}
