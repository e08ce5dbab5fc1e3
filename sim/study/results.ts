/**
 * A study's results: the rows file (`cases.jsonl`, a header line then one line per case and
 * replication, appended as cases finish, in whatever order they finish), and what is derived from
 * it in study order: `study.json` (documented in scenarios/README.md, "Studies"), `results.csv`,
 * `summary.csv` (mean and spread per parameter point) and the printed table. The derived files
 * depend only on the rows, never on how many workers ran them or in which order.
 * @module
 */
import { readFileSync } from 'node:fs';
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

/**
 * Reads a rows file. A last line cut short (the process was killed while writing it) is dropped:
 * its case simply runs again on resume.
 */
export function readResults(path: string): { header: ResultsHeader | null; rows: StoredRow[] } {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const parsed: unknown[] = [];
  for (const line of lines) {
    try {
      parsed.push(JSON.parse(line));
    } catch {
      break;
    }
  }
  const [first, ...rest] = parsed;
  const header = first && typeof first === 'object' && (first as ResultsHeader).format === STUDY_FORMAT ? (first as ResultsHeader) : null;
  return { header, rows: rest as StoredRow[] };
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
