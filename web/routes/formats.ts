/**
 * A run in the file formats of the field, as downloads (issue 10):
 * - `GET /api/runs/:id/geojson?from&to&stepS`: GeoJSON (RFC 7946) of the same window as /track:
 *   ground tracks cut at the antimeridian, footprints every 10 points, nodes and fibre links;
 * - `GET /api/runs/:id/czml?stepS`: the finished run as CZML for Cesium (as `qkdsim run --czml`).
 * @module
 */
import express, { type Router } from 'express';
import { scenarioGeoJson } from '../../sim/report/geojson.js';
import { buildCzml } from '../../sim/report/czml.js';
import { czmlInputFromRun, czmlStepMs } from '../../sim/report/czml-run.js';
import { HttpError, requestError } from '../http.js';
import type { RunManager } from '../runs.js';
import { trackWindow } from './run-data.js';
import { findRun } from './runs.js';

export function formatsRouter(runs: RunManager, maxTrackPoints: number): Router {
  const router = express.Router();

  router.get('/:id/geojson', (req, res) => {
    const run = findRun(runs, req);
    const w = trackWindow(req, run.scenario, maxTrackPoints);
    res.set('Content-Disposition', `attachment; filename="${run.scenario.name.replace(/[^\w.-]/g, '_')}-${run.id}.geojson"`);
    res.type('application/geo+json').send(JSON.stringify(scenarioGeoJson(run.scenario, { ...w, footprintEvery: 10 })));
  });

  router.get('/:id/czml', (req, res) => {
    const run = findRun(runs, req);
    if (!run.report) throw new HttpError(409, { error: 'no report', message: `run ${run.id} is ${run.status}: CZML needs a finished run`, status: run.status });
    if (!run.report.passes) throw new HttpError(409, { error: 'summary report', message: `run ${run.id} kept a summary report (its per-pass rows are not in memory): run it from the command line with qkdsim run --czml`, status: run.status });
    const raw = req.query.stepS;
    const stepS = raw === undefined ? undefined : Number(raw);
    if (stepS !== undefined && !(typeof raw === 'string' && Number.isFinite(stepS) && stepS >= 1 && stepS <= 86_400)) throw requestError([{ path: 'stepS', message: `expected a number of seconds in [1, 86400], got ${JSON.stringify(raw)}` }]);
    const stepMs = czmlStepMs(run.scenario.durationMs, stepS === undefined ? undefined : Math.max(Math.round(stepS * 1000), Math.ceil(run.scenario.durationMs / 100_000)));
    res.set('Content-Disposition', `attachment; filename="${run.scenario.name.replace(/[^\w.-]/g, '_')}-${run.id}.czml"`);
    res.type('application/json').send(JSON.stringify(buildCzml(czmlInputFromRun(run.scenario, run.report, stepMs))));
  });

  return router;
}
