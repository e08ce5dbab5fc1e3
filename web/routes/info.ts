/**
 * GET /api/info (name, version, default scenario, the server's limits) and the shipped scenarios:
 * GET /api/scenarios and GET /api/scenarios/:name (a `[a-z0-9-]` name resolved inside scenarios/).
 * @module
 */
import express, { type Router } from 'express';
import { QKDSIM_VERSION } from '../../sim/version.js';
import { HttpError, requestError } from '../http.js';
import type { RunManager } from '../runs.js';
import { SCENARIO_NAME, type ScenarioStore } from '../scenarios.js';

/** What /api/info reports. */
export interface InfoSettings {
  readonly defaultScenario: string | null;
  readonly maxDays: number;
  readonly maxBodyBytes: number;
  readonly maxTrackPoints: number;
}

export function infoRouter(runs: RunManager, settings: InfoSettings): Router {
  const router = express.Router();
  router.get('/info', (_req, res) => {
    res.json({
      name: 'qkdsim',
      version: QKDSIM_VERSION,
      defaultScenario: settings.defaultScenario,
      limits: { maxDays: settings.maxDays, maxConcurrentRuns: runs.maxConcurrent, maxBodyBytes: settings.maxBodyBytes, maxTrackPoints: settings.maxTrackPoints, keepFinishedRuns: runs.keepFinished },
    });
  });
  return router;
}

export function scenariosRouter(store: ScenarioStore): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.json({ scenarios: store.list() });
  });
  router.get('/:name', (req, res) => {
    const name = req.params.name!;
    if (!SCENARIO_NAME.test(name)) {
      throw requestError([{ path: 'name', message: `expected a scenario name of lower-case letters, digits and dashes, got ${JSON.stringify(name)}` }]);
    }
    const entry = store.read(name);
    if (!entry) throw new HttpError(404, { error: 'not found', message: `no shipped scenario named ${JSON.stringify(name)}` });
    res.json(entry);
  });
  return router;
}
