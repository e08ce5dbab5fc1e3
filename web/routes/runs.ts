/**
 * The runs: GET /api/runs (those kept), POST /api/runs (web/routes/run-start.ts), GET and DELETE
 * /api/runs/:id, its report (409 until done) and its progress as server-sent events. What is derived
 * from a run (ground tracks, pass elevations, demand series, exports) is in run-data.ts.
 * @module
 */
import express, { type Request, type Router } from 'express';
import { HttpError, textBody } from '../http.js';
import { runNetwork, runSummary } from '../run-views.js';
import type { RunEvent, RunManager, RunRecord } from '../runs.js';
import type { ScenarioStore } from '../scenarios.js';
import { requireJson, startRunHandler } from './run-start.js';

const RUN_ID = /^[0-9a-f]{12}$/;

/** The run named by :id, or a 404 that says how long runs are kept. */
export function findRun(runs: RunManager, req: Request): RunRecord {
  const id = String(req.params.id);
  const run = RUN_ID.test(id) ? runs.get(id) : undefined;
  if (!run) throw new HttpError(404, { error: 'not found', message: `no run ${JSON.stringify(id)} (finished runs are kept until ${runs.keepFinished} newer ones have finished, and not across restarts)` });
  return run;
}

/** The run's report, or a 409 saying why there is none yet. */
export function reportOf(run: RunRecord): NonNullable<RunRecord['report']> {
  if (!run.report) {
    throw new HttpError(409, { error: 'no report', message: run.status === 'running' ? `run ${run.id} is still running (${Math.round(run.progress * 100)} %)` : `run ${run.id} ${run.status}: ${run.error ?? ''}`.trim(), status: run.status });
  }
  return run.report;
}

export function runsRouter(runs: RunManager, store: ScenarioStore, limits: { maxDays: number; maxBodyBytes: number }): Router {
  const router = express.Router();

  router.get('/', (_req, res) => {
    res.json({ runs: runs.list().map(runSummary), active: runs.active, maxConcurrentRuns: runs.maxConcurrent });
  });

  router.post('/', requireJson, textBody(limits.maxBodyBytes), startRunHandler(store, runs, limits.maxDays));

  router.get('/:id', (req, res) => {
    const run = findRun(runs, req);
    res.json({ ...runSummary(run), network: runNetwork(run.scenario), warnings: run.scenario.warnings });
  });

  router.delete('/:id', (req, res) => {
    const run = findRun(runs, req);
    if (!runs.cancel(run.id)) throw new HttpError(409, { error: 'not running', message: `run ${run.id} is ${run.status}`, status: run.status });
    res.json(runSummary(run));
  });

  router.get('/:id/report', (req, res) => {
    res.json(reportOf(findRun(runs, req)));
  });

  router.get('/:id/events', (req, res) => {
    const run = findRun(runs, req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const send = (event: string, data: unknown): void => void res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    res.write('retry: 3000\n\n');
    send('status', runSummary(run));
    if (run.status !== 'running') {
      send('end', runSummary(run));
      res.end();
      return;
    }
    const heartbeat = setInterval(() => res.write(': ping\n\n'), 15_000);
    const unsubscribe = runs.subscribe(run.id, (e: RunEvent) => {
      if (e.type === 'end') {
        send('end', runSummary(run));
        cleanup();
        res.end();
      } else send('progress', { progress: Math.round(run.progress * 1e4) / 1e4, stage: run.stage });
    });
    function cleanup(): void {
      clearInterval(heartbeat);
      unsubscribe();
    }
    req.on('close', cleanup);
  });

  return router;
}
