/**
 * What the dashboard derives from a run, under /api/runs/:id:
 * - `track?from&to&stepS`: each satellite's ground track (sim/orbit/ground-track.ts) and the subsolar point at
 *   the same times (the map's day/night terminator), at most maxTrackPoints per satellite;
 * - `passes/:index/elevation?stepS`: elevation, azimuth and range over one pass of the report;
 * - `demand-series`: each demand's requested, served and starved key over time;
 * - `export/<passes|pools|demands|links|nights|outages>.<csv|json>`: the report's tables as
 *   downloads (the CSV files `qkdsim run` writes, byte for byte).
 * @module
 */
import express, { type Request, type Router } from 'express';
import type { Scenario } from '../../sim/scenario/index.js';
import type { InputIssue } from '../../sim/errors.js';
import { ecfToGeodetic } from '../../sim/orbit/geodetic.js';
import { Observer } from '../../sim/orbit/look.js';
import { SunEphemeris } from '../../sim/orbit/sun.js';
import { DAY_MS, isoUtc } from '../../sim/orbit/time.js';
import { passesCsv, poolsCsv, reportCsvs, type RunReport } from '../../sim/report/run-report.js';
import { parseScenarioTime } from '../../sim/scenario/index.js';
import { HttpError, requestError } from '../http.js';
import type { RunManager, RunRecord } from '../runs.js';
import { groundTracks } from '../../sim/orbit/ground-track.js';
import { findRun, reportOf } from './runs.js';

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;
const EXPORT_TABLES = ['passes', 'pools', 'demands', 'links', 'nights', 'outages'] as const;
type ExportTable = (typeof EXPORT_TABLES)[number];

/** Reads one-valued query parameters, collecting issues. */
function queryReader(query: Record<string, unknown>, issues: InputIssue[]) {
  const text = (key: string): string | undefined => {
    const v = query[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      issues.push({ path: key, message: 'expected one value' });
      return undefined;
    }
    return v;
  };
  const seconds = (key: string, fallback: number, lo: number, hi: number): number => {
    const raw = text(key);
    const v = raw === undefined ? fallback : Number(raw);
    if (!(Number.isFinite(v) && v >= lo && v <= hi)) issues.push({ path: key, message: `expected a number of seconds in [${lo}, ${hi}], got ${JSON.stringify(raw)}` });
    return v;
  };
  return { text, seconds };
}

/** Subsolar points (geocentric latitude, longitude) at the given times. */
function subsolar(times: readonly number[]): { t: string; latDeg: number; lonDeg: number }[] {
  const sun = new SunEphemeris();
  const p = new Float64Array(3);
  return times.map((t) => {
    sun.positionEcf(t, p);
    const g = Math.hypot(p[0]!, p[1]!);
    return { t: isoUtc(t), latDeg: r4((Math.atan2(p[2]!, g) * 180) / Math.PI), lonDeg: r4((Math.atan2(p[1]!, p[0]!) * 180) / Math.PI) };
  });
}

/** The run's report with its per-pass records and pool series (the server always builds it in full detail). */
function fullReport(run: RunRecord): RunReport & { passes: NonNullable<RunReport['passes']>; poolSeries: NonNullable<RunReport['poolSeries']> } {
  const report = reportOf(run);
  if (!report.passes || !report.poolSeries) throw new HttpError(409, { error: 'summary report', message: `run ${run.id} has a summary report without per-pass records` });
  return report as RunReport & { passes: NonNullable<RunReport['passes']>; poolSeries: NonNullable<RunReport['poolSeries']> };
}

/** A table of the report as JSON (the same rows as the CSV, with nested fields kept). */
function tableJson(run: RunRecord, table: ExportTable): unknown {
  const report = fullReport(run);
  switch (table) {
    case 'passes':
      return { run: run.id, scenario: report.scenario.name, passes: report.passes };
    case 'pools':
      return { run: run.id, scenario: report.scenario.name, start: report.start, tS: report.poolSeries.tS, levels: report.poolSeries.levels };
    case 'demands':
      return { run: run.id, scenario: report.scenario.name, start: report.start, demands: report.demands, overTime: run.demandSeries };
    case 'links':
      return { run: run.id, scenario: report.scenario.name, links: report.links };
    case 'nights':
      return { run: run.id, scenario: report.scenario.name, nights: report.nights };
    case 'outages':
      return { run: run.id, scenario: report.scenario.name, outages: report.outages };
  }
}

/** The window and step of a ground-track request (from, to, stepS), checked; for /track and /geojson. */
export function trackWindow(req: Request, s: Scenario, maxTrackPoints: number): { fromMs: number; toMs: number; stepMs: number } {
  const issues: InputIssue[] = [];
  const q = queryReader(req.query as Record<string, unknown>, issues);
  const lo = s.startUtcMs - DAY_MS;
  const hi = s.endUtcMs + DAY_MS;
  const time = (key: string, fallback: number): number => {
    const raw = q.text(key);
    if (raw === undefined) return fallback;
    const ms = parseScenarioTime(raw);
    if (!Number.isFinite(ms)) issues.push({ path: key, message: `expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got ${JSON.stringify(raw)}` });
    else if (ms < lo || ms > hi) issues.push({ path: key, message: `expected a time within a day of the run (${new Date(lo).toISOString()} to ${new Date(hi).toISOString()}), got ${raw}` });
    return ms;
  };
  const stepS = q.seconds('stepS', 60, 1, 3600);
  const fromMs = time('from', s.startUtcMs);
  const toMs = time('to', Math.min(s.endUtcMs, fromMs + 3 * 3_600_000));
  if (issues.length === 0 && !(toMs > fromMs)) issues.push({ path: 'to', message: `expected a time after from (${new Date(fromMs).toISOString()}), got ${new Date(toMs).toISOString()}` });
  if (issues.length === 0) {
    const points = Math.floor((toMs - fromMs) / (stepS * 1000)) + 2;
    if (points > maxTrackPoints) issues.push({ path: 'stepS', message: `expected at most ${maxTrackPoints} points per satellite, got ${points} (widen stepS or narrow from..to)` });
  }
  if (issues.length > 0) throw requestError(issues);
  return { fromMs, toMs, stepMs: Math.round(stepS * 1000) };
}

export function runDataRouter(runs: RunManager, maxTrackPoints: number): Router {
  const router = express.Router();

  router.get('/:id/track', (req, res) => {
    const s = findRun(runs, req).scenario;
    const w = trackWindow(req, s, maxTrackPoints);
    const tracks = groundTracks(s.satellites, s.passes.minElevationDeg, w.fromMs, w.toMs, w.stepMs);
    // The Sun moves 0.25 deg a minute: its subsolar point at 10-minute steps is plenty for a map.
    const sunTimes: number[] = [];
    for (let t = w.fromMs; ; t = Math.min(w.toMs, t + 600_000)) {
      sunTimes.push(t);
      if (t >= w.toMs) break;
    }
    res.json({ ...tracks, sun: subsolar(sunTimes) });
  });

  router.get('/:id/passes/:index/elevation', (req, res) => {
    const run = findRun(runs, req);
    const report = fullReport(run);
    const index = Number(req.params.index);
    if (!(Number.isInteger(index) && index >= 0 && index < report.passes.length)) {
      throw requestError([{ path: 'index', message: `expected a pass index in [0, ${report.passes.length - 1}], got ${JSON.stringify(req.params.index)}` }]);
    }
    const issues: InputIssue[] = [];
    const stepS = queryReader(req.query as Record<string, unknown>, issues).seconds('stepS', 5, 1, 600);
    if (issues.length > 0) throw requestError(issues);
    const pass = report.passes[index]!;
    const link = run.scenario.links.find((l) => l.id === pass.link);
    const station = run.scenario.stations.find((x) => x.id === pass.station);
    const sat = link && run.scenario.satellites.find((x) => x.id === link.from);
    if (!link || !station || !sat) throw new HttpError(404, { error: 'not found', message: `pass ${index} has no satellite or station in the scenario` });
    const riseMs = Date.parse(pass.rise);
    const setMs = Date.parse(pass.set);
    const stepMs = Math.max(Math.round(stepS * 1000), Math.ceil((setMs - riseMs) / 2000));
    const observer = new Observer(station);
    const state = new Float64Array(6);
    const samples: { t: string; elevationDeg: number; azimuthDeg: number; rangeKm: number }[] = [];
    for (let t = riseMs; ; t = Math.min(setMs, t + stepMs)) {
      try {
        sat.satellite.stateEcf(t, state);
        const look = observer.lookAngles(state);
        samples.push({ t: isoUtc(t), elevationDeg: r4(look.elevationDeg), azimuthDeg: r4(look.azimuthDeg), rangeKm: r4(look.rangeKm) });
      } catch {
        // a point SGP4 cannot give is left out
      }
      if (t >= setMs) break;
    }
    const keyMaskDeg = link.kind === 'downlink' ? link.params.keyMaskDeg : null;
    res.json({ index, satellite: pass.satellite, station: pass.station, link: pass.link, outcome: pass.outcome, keyMaskDeg, passMaskDeg: run.scenario.passes.minElevationDeg, keyWindowStart: pass.keyWindowStart, keyWindowEnd: pass.keyWindowEnd, samples });
  });

  router.get('/:id/demand-series', (req, res) => {
    const run = findRun(runs, req);
    reportOf(run);
    res.json(run.demandSeries ?? { tS: [], demands: [] });
  });

  router.get('/:id/export/:file', (req, res) => {
    const run = findRun(runs, req);
    const m = /^([a-z]+)\.(csv|json)$/.exec(String(req.params.file));
    const table = m?.[1] as ExportTable | undefined;
    if (!m || !table || !EXPORT_TABLES.includes(table)) {
      throw requestError([{ path: 'file', message: `expected one of ${EXPORT_TABLES.map((t) => `${t}.csv, ${t}.json`).join(', ')}, got ${JSON.stringify(req.params.file)}` }]);
    }
    const report = fullReport(run);
    const name = `${report.scenario.name.replace(/[^\w.-]/g, '_')}-${run.id}-${m[0]}`;
    res.attachment(name);
    const csv = (): string => (table === 'passes' ? passesCsv(report) : table === 'pools' ? poolsCsv(report) : reportCsvs(report)[`${table}.csv`]!);
    if (m[2] === 'csv') res.type('text/csv; charset=utf-8').send(csv());
    else res.type('application/json').send(JSON.stringify(tableJson(run, table), null, 1) + '\n');
  });

  return router;
}
