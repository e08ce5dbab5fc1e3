/**
 * The report of a run: `report.json` (deterministic: the same scenario and seed give the same
 * bytes; nothing from the wall clock goes in it) and CSV tables of passes, links, demands and pool
 * levels. Times are ISO 8601 UTC, except the pool series, which is in seconds after the start.
 * @module
 */
import type { RunPassOutcome, NightRecord } from '../operations/index.js';
import type { RunResult, DemandResult, LinkResult } from '../run/index.js';
import { isoUtc } from '../orbit/time.js';
import type { InputFile, Scenario } from '../scenario/model.js';
import { csvField, formatCsv, formatTable, round } from './format.js';
import { passCsvLine, reportPass, RUN_PASS_CSV_KEYS, type ReportPass } from './pass-rows.js';

export type { ReportPass } from './pass-rows.js';

/** The version written into reports. */
export const REPORT_VERSION = 1;

/** How much report.json holds (see run-files.ts: full has per-pass records and pool series). */
export type ReportDetail = 'full' | 'summary';

/** Options of {@link buildReport}. */
export interface ReportOptions {
  /** Default 'full'. */
  readonly detail?: ReportDetail;
  /** Where the per-pass rows and pool samples were streamed (named in a summary report). */
  readonly files?: { readonly passes: string; readonly pools: string; readonly passCount: number; readonly sampleCount: number };
}

/** A demand in the run report (paths with ISO times). */
export type ReportDemand = Omit<DemandResult, 'paths' | 'servedFraction' | 'starvedS' | 'longestStarvedS' | 'requests' | 'readiness'> & {
  /** From when every pool on the route held the whole demand's key (ISO), and passes delivered by then. */
  readiness: { from: string; passesBefore: Record<string, number> } | null;
  servedFraction: number;
  starvedS: number;
  longestStarvedS: number;
  requests: DemandResult['requests'];
  /** Routes taken: constant demands over time (`from`); requests by distinct route (`from` = first use, `requests` = how many). */
  paths: { from: string; nodes: string[]; links: string[]; requests?: number }[];
};

/** The whole report.json. */
export interface RunReport {
  reportVersion: number;
  scenario: { name: string; description: string; file: string | null; fileHash: string };
  seed: number;
  start: string;
  end: string;
  summary: {
    passes: number;
    keyedPasses: number;
    passKeyBits: number;
    generatedBits: number;
    consumedBits: number;
    discardedBits: number;
    demands: { served: number; partial: number; failed: number };
    events: number;
    routeChanges: number;
  };
  nodes: { id: string; kind: string; name: string; latDeg: number | null; lonDeg: number | null }[];
  /** Per-pass records (full detail only). */
  passes?: ReportPass[];
  /** Summary detail: where the per-pass rows are, and how many. */
  passRows?: { file: string; count: number };
  links: LinkResult[];
  demands: ReportDemand[];
  /** Key per station and night (local mean time), stations with downlinks. */
  nights: NightRecord[];
  /** Link outages and what each cost. */
  outages: { link: string; start: string; end: string; durationS: number; reason: string; shortfallBits: number; rerouted: string[]; requestsDropped: number }[];
  /** Pool levels in bits at each sample, seconds after the start (full detail only). */
  poolSeries?: { tS: number[]; levels: Record<string, number[]> };
  /** Summary detail: where the pool-level samples are, and how many. */
  poolSamples?: { file: string; count: number };
  /** 'summary' when the per-pass records and the series are left to their files (absent in full detail). */
  detail?: 'summary';
  /** What the run was made from (see {@link provenanceOf}). */
  provenance: RunProvenance;
}

/**
 * What a run was made from, beyond the scenario's own hash: every file it read (the scenario, its
 * element-set files, the bundled station catalogue when a station comes from it) with its SHA-256,
 * and the resolved model parameters of every link, the station's aperture and every default
 * applied. Links with equal parameters share one entry (a constellation's downlinks to one station
 * have the same), so the list stays as small as the distinct parameter sets.
 */
export interface RunProvenance {
  inputFiles: InputFile[];
  linkParameters: { kind: 'fiber' | 'downlink'; preset: string; params: Record<string, unknown> | null; links: string[] }[];
}

/** The provenance block of a scenario's report. */
export function provenanceOf(scenario: Scenario): RunProvenance {
  const groups = new Map<string, RunProvenance['linkParameters'][number]>();
  // The same params object is often shared by many links; its text is made once.
  const textOf = new Map<object, string>();
  for (const l of scenario.links) {
    let text = l.params === null ? 'null' : textOf.get(l.params);
    if (text === undefined) textOf.set(l.params!, (text = JSON.stringify(l.params)));
    const key = `${l.kind}\u0000${l.preset}\u0000${text}`;
    const group = groups.get(key);
    if (group) group.links.push(l.id);
    else groups.set(key, { kind: l.kind, preset: l.preset, params: l.params === null ? null : { ...l.params }, links: [l.id] });
  }
  return { inputFiles: scenario.inputFiles.map((f) => ({ ...f })), linkParameters: [...groups.values()] };
}

/** Builds the report object from a run. */
export function buildReport(result: RunResult, options: ReportOptions = {}): RunReport {
  const { scenario } = result;
  const detail = options.detail ?? 'full';
  const iso = (tMs: number): string => isoUtc(scenario.startUtcMs + tMs);
  const passes: ReportPass[] | null = detail === 'full' ? result.passes.map((p, i) => reportPass(p, result.passOutcomes[i]!, result.passDeliveredBits[i]!, scenario.startUtcMs)) : null;
  let keyedPasses = 0;
  let passKeyBits = 0;
  for (const bits of result.passDeliveredBits) {
    if (bits > 0) keyedPasses++;
    passKeyBits += bits;
  }
  const demands: ReportDemand[] = result.demands.map((d) => ({
    ...d,
    servedFraction: round(d.servedFraction, 6),
    starvedS: round(d.starvedS, 3),
    longestStarvedS: round(d.longestStarvedS, 3),
    requests: { ...d.requests, meanWaitS: round(d.requests.meanWaitS, 3), maxWaitS: round(d.requests.maxWaitS, 3) },
    paths: d.paths.map((p) => ({ from: iso(p.tMs), nodes: [...p.nodes], links: [...p.links], ...(p.requests !== undefined ? { requests: p.requests } : {}) })),
    readiness: d.readiness ? { from: iso(d.readiness.tMs), passesBefore: { ...d.readiness.passesBefore } } : null,
  }));
  const links = result.links.map((l) => ({ ...l, rateBps: round(l.rateBps, 3) }));
  const sum = (f: (l: LinkResult) => number): number => result.links.reduce((a, l) => a + f(l), 0);
  const levels: Record<string, number[]> = {};
  if (detail === 'full') scenario.links.forEach((l, i) => (levels[l.id] = [...result.series.levels[i]!]));
  const files = options.files;
  const report: RunReport = {
    reportVersion: REPORT_VERSION,
    scenario: { name: scenario.name, description: scenario.description, file: scenario.file, fileHash: scenario.fileHash },
    seed: scenario.seed,
    start: isoUtc(scenario.startUtcMs),
    end: isoUtc(scenario.endUtcMs),
    summary: {
      passes: result.passes.length,
      keyedPasses,
      passKeyBits,
      generatedBits: sum((l) => l.generatedBits),
      consumedBits: sum((l) => l.consumedBits),
      discardedBits: sum((l) => l.discardedBits),
      demands: {
        served: demands.filter((d) => d.status === 'served').length,
        partial: demands.filter((d) => d.status === 'partial').length,
        failed: demands.filter((d) => d.status === 'failed').length,
      },
      events: result.stats.events,
      routeChanges: result.stats.routeChanges,
    },
    nodes: scenario.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, latDeg: n.latDeg ?? null, lonDeg: n.lonDeg ?? null })),
    ...(passes ? { passes } : { passRows: { file: files?.passes ?? 'passes.csv', count: result.passes.length } }),
    links,
    demands,
    nights: [...result.nights],
    outages: result.outages.map((o) => ({
      link: o.link, start: iso(o.startMs), end: iso(o.endMs), durationS: (o.endMs - o.startMs) / 1000, reason: o.reason,
      shortfallBits: Math.round(o.shortfallBits), rerouted: [...o.rerouted], requestsDropped: o.requestsDropped,
    })),
    ...(detail === 'full'
      ? { poolSeries: { tS: result.series.tMs.map((t) => t / 1000), levels } }
      : { poolSamples: { file: files?.pools ?? 'pools.csv', count: files?.sampleCount ?? result.series.tMs.length }, detail: 'summary' as const }),
    provenance: provenanceOf(scenario),
  };
  return report;
}

/** report.json text: 1-space indented JSON with a final newline (byte-identical for equal runs). */
export function reportJson(report: RunReport): string {
  return JSON.stringify(report, null, 1) + '\n';
}

/**
 * The small CSV tables of a report, by file name (links, demands, nights, outages). passes.csv and
 * pools.csv are streamed while the run goes (run-files.ts); {@link passesCsv} and {@link poolsCsv}
 * give them from a full report.
 */
export function reportCsvs(report: RunReport): Record<string, string> {
  const linkKeys = ['id', 'from', 'to', 'kind', 'rateBps', 'capacityBits', 'initialBits', 'generatedBits', 'consumedBits', 'discardedBits', 'finalBits', 'ledgerBalanced', 'passes', 'keyedPasses', 'passBits'] as const;
  const demandRows = report.demands.map((d) => ({
    id: d.id, from: d.from, to: d.to, kind: d.kind, requestedBits: d.requestedBits, servedBits: d.servedBits, servedFraction: d.servedFraction,
    status: d.status, reason: d.reason, starvedS: d.starvedS, longestStarvedS: d.longestStarvedS,
    requestsMade: d.requests.made, requestsServed: d.requests.served, requestsDropped: d.requests.dropped,
    paths: d.paths.map((p) => p.nodes.join('>')).filter((p, i, a) => a.indexOf(p) === i).join(' | '),
  }));
  return {
    'links.csv': formatCsv(report.links, linkKeys),
    'demands.csv': formatCsv(demandRows, Object.keys(demandRows[0] ?? { id: 0 }) as (keyof (typeof demandRows)[number])[]),
    'nights.csv': formatCsv(report.nights, ['station', 'night', 'clear', 'passes', 'keyedPasses', 'deliveredBits']),
    'outages.csv': formatCsv(report.outages.map((o) => ({ ...o, rerouted: o.rerouted.join(' ') })), ['link', 'start', 'end', 'durationS', 'reason', 'shortfallBits', 'rerouted', 'requestsDropped']),
  };
}

/** passes.csv of a full report (the same lines the streamed file holds). */
export function passesCsv(report: RunReport): string {
  if (!report.passes) throw new RangeError('passesCsv needs a report in full detail');
  return [RUN_PASS_CSV_KEYS.join(','), ...report.passes.map(passCsvLine)].join('\n') + '\n';
}

/** pools.csv of a full report (the same lines the streamed file holds). */
export function poolsCsv(report: RunReport): string {
  if (!report.poolSeries) throw new RangeError('poolsCsv needs a report in full detail');
  const ids = Object.keys(report.poolSeries.levels);
  const lines = [['tS', ...ids].map(csvField).join(',')];
  report.poolSeries.tS.forEach((t, i) => lines.push([t, ...ids.map((id) => report.poolSeries!.levels[id]![i]!)].join(',')));
  return lines.join('\n') + '\n';
}

const kbit = (bits: number): string => (bits / 1000).toFixed(1);

/** A human summary: key per link, demands served. */
export function reportSummary(report: RunReport): string {
  const s = report.summary;
  const head = [
    `${report.scenario.name}: ${report.start} to ${report.end}, seed ${report.seed}`,
    `passes ${s.passes} (${s.keyedPasses} delivered key, ${kbit(s.passKeyBits)} kbit); ${s.events} events`,
    '',
  ].join('\n');
  const links = formatTable(report.links, [
    { header: 'link', value: (l) => l.id },
    { header: 'kind', value: (l) => l.kind },
    { header: 'generated kbit', value: (l) => kbit(l.generatedBits), right: true },
    { header: 'consumed kbit', value: (l) => kbit(l.consumedBits), right: true },
    { header: 'discarded kbit', value: (l) => kbit(l.discardedBits), right: true },
    { header: 'final kbit', value: (l) => kbit(l.finalBits), right: true },
  ]);
  const demands = formatTable(report.demands, [
    { header: 'demand', value: (d) => d.id },
    { header: 'kind', value: (d) => d.kind },
    { header: 'from→to', value: (d) => `${d.from}→${d.to}` },
    { header: 'requested kbit', value: (d) => kbit(d.requestedBits), right: true },
    { header: 'served kbit', value: (d) => kbit(d.servedBits), right: true },
    { header: 'served %', value: (d) => (d.servedFraction * 100).toFixed(1), right: true },
    { header: 'status', value: (d) => d.status },
    { header: 'reason', value: (d) => d.reason ?? '' },
  ]);
  const keyNights = report.nights.filter((n) => n.deliveredBits > 0).length;
  const clouded = report.nights.filter((n) => n.clear === false).length;
  const nights = report.nights.length > 0
    ? `\nnights: ${report.nights.length} station-nights, ${keyNights} with key, ${clouded} clouded\n`
    : '';
  const outages = report.outages.length > 0
    ? `outages: ${report.outages.length}, ${kbit(report.outages.reduce((a, o) => a + o.shortfallBits, 0))} kbit of demand not delivered while links were down\n`
    : '';
  return `${head}${links}\n${report.demands.length > 0 ? demands : 'no demands\n'}${nights}${outages}`;
}
