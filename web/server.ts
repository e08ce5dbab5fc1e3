/**
 * The dashboard's HTTP server (express 5): the JSON API, Prometheus metrics and the static
 * dashboard, composed from one router per resource:
 *
 *   /api/info, /api/scenarios      routes/info.ts
 *   /api/runs (list, start, one, stop, report, events)      routes/runs.ts, routes/run-start.ts
 *   /api/runs/:id/(track | passes/:i/elevation | demand-series | export/:file)   routes/run-data.ts
 *   /api/runs/:id/(geojson | czml)                          routes/formats.ts
 *   /api/studies                   studies.ts
 *   /metrics                       routes/metrics.ts
 *   /, /js, /css, /vendor, /data   routes/static.ts
 *
 * Hardening: JSON bodies up to `maxBodyBytes`, runs of at most `maxDays` and `maxConcurrentRuns`
 * at once (429 beyond), shipped scenarios only by `[a-z0-9-]` name inside scenarios/, uploaded
 * documents may not read files outside it, bad input is HTTP 400 with the issue list the CLI
 * prints, unknown routes are 404 JSON, and no response ever carries a stack trace (http.ts).
 * Answers are gzipped (compression) except the event stream, which must not be buffered.
 * @module
 */
import compression from 'compression';
import express, { type Express } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { InputError } from '../sim/errors.js';
import { SERVER_RUN_LIMITS, type RunLimits } from '../sim/scenario/estimate.js';
import { HttpError, errorHandler, securityHeaders } from './http.js';
import { loadJob, type RunJob } from './run-job.js';
import { RunManager, type RunRecord } from './runs.js';
import { ScenarioStore, defaultScenariosDir } from './scenarios.js';
import { StudyStore, defaultStudiesDir, defaultStudyResultsDir, studiesRouter, type StudyDatabaseSource } from './studies.js';
import { infoRouter, scenariosRouter } from './routes/info.js';
import { metricsRouter, runMetrics } from './routes/metrics.js';
import { formatsRouter } from './routes/formats.js';
import { runDataRouter } from './routes/run-data.js';
import { runsRouter } from './routes/runs.js';
import { staticRouter } from './routes/static.js';

export { HttpError, apiIssues, errorHandler, type ApiIssue } from './http.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Folder of the shipped scenarios (default: the repository's scenarios/). */
  readonly scenariosDir?: string;
  /** The run manager (default: a new one with maxConcurrentRuns). */
  readonly runs?: RunManager;
  /** Runs going at once when `runs` is not given. Default 2. */
  readonly maxConcurrentRuns?: number;
  /** Longest run accepted, days. Default 366. */
  readonly maxDays?: number;
  /** Largest request body, bytes. Default 1 MB. */
  readonly maxBodyBytes?: number;
  /** Most ground-track points per satellite in one request. Default 2000. */
  readonly maxTrackPoints?: number;
  /** Largest run accepted, estimated before it starts (sim/scenario/estimate.ts). Default SERVER_RUN_LIMITS. */
  readonly runLimits?: RunLimits;
  /** The scenario `npm start` runs, shown in /api/info. */
  readonly defaultScenario?: string;
  /** Folder of the shipped study files (default: the repository's scenarios/studies/). */
  readonly studiesDir?: string;
  /** Folder of study results, one `<name>/study.json` each (default: the repository's runs/studies/). */
  readonly studyResultsDir?: string;
  /** A queue database whose studies are listed too (`serve --queue`; web/studies.ts). */
  readonly studyDatabase?: StudyDatabaseSource;
}

/** Gzip everything compressible except server-sent events (they must reach the page as written). */
const gzip = compression({
  filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
});

/** Builds the express app: API, metrics, static dashboard, 404s and the error middleware. */
export function createApp(options: AppOptions = {}): Express & { locals: { runs: RunManager } } {
  const store = new ScenarioStore(options.scenariosDir ?? defaultScenariosDir());
  const runs = options.runs ?? new RunManager({ maxConcurrent: options.maxConcurrentRuns ?? 2 });
  const maxDays = options.maxDays ?? 366;
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const maxTrackPoints = options.maxTrackPoints ?? 2000;

  const app = express();
  app.locals.runs = runs;
  app.disable('x-powered-by');
  app.set('json spaces', 0);
  app.use(securityHeaders);
  app.use(gzip);

  const api = express.Router();
  api.use(infoRouter(runs, { defaultScenario: options.defaultScenario ?? null, maxDays, maxBodyBytes, maxTrackPoints }));
  api.use('/scenarios', scenariosRouter(store));
  api.use('/runs', runsRouter(runs, store, { maxDays, maxBodyBytes, runLimits: options.runLimits ?? SERVER_RUN_LIMITS }));
  api.use('/runs', runDataRouter(runs, maxTrackPoints));
  api.use('/runs', formatsRouter(runs, maxTrackPoints));
  // Study results (read only: studies run from the command line).
  api.use('/studies', studiesRouter(new StudyStore(options.studiesDir ?? defaultStudiesDir(), options.studyResultsDir ?? defaultStudyResultsDir(), options.studyDatabase ?? null)));
  app.use('/api', api);
  app.use('/api', (req) => {
    throw new HttpError(404, { error: 'not found', message: `no API route ${req.method} ${req.path === '/' ? '/api' : `/api${req.path}`}` });
  });
  app.use(metricsRouter(runMetrics(runs)));
  app.use(staticRouter());
  app.use((req) => {
    throw new HttpError(404, { error: 'not found', message: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler);
  return app as Express & { locals: { runs: RunManager } };
}

/** A listening server and how to stop it. */
export interface RunningServer {
  readonly server: Server;
  readonly url: string;
  readonly runs: RunManager;
  readonly app: Express;
  /** Stops the runs, closes open connections (event streams included) and the server. */
  close(): Promise<void>;
}

/**
 * Creates the app and listens on host:port (port 0 picks a free one).
 * @throws InputError naming --port when the port is taken or not allowed
 */
export async function startServer(options: AppOptions & { port?: number; host?: string } = {}): Promise<RunningServer> {
  const runs = options.runs ?? new RunManager({ maxConcurrent: options.maxConcurrentRuns ?? 2 });
  const app = createApp({ ...options, runs });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(port, host);
      s.once('listening', () => resolve(s));
      s.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') reject(new InputError({ file: '--port', message: `port ${port} on ${host} is already in use (choose another with --port)` }));
        else if (error.code === 'EACCES') reject(new InputError({ file: '--port', message: `not allowed to listen on port ${port} (ports below 1024 need privileges)` }));
        else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new InputError({ file: '--host', message: `cannot listen on ${JSON.stringify(host)}: ${error.code}` }));
        else reject(error);
      });
    });
  } catch (error) {
    if (!options.runs) await runs.close();
    throw error;
  }
  // SSE streams are long-lived; keep-alive sockets must not hold the process open on close.
  server.keepAliveTimeout = 5000;
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    app,
    runs,
    url: `http://${shown === '0.0.0.0' || shown === '[::]' ? 'localhost' : shown}:${address.port}/`,
    async close() {
      await runs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Starts a run of a shipped scenario by name (for `serve --run`). */
export function startShippedRun(running: RunningServer, name: string, scenariosDir = defaultScenariosDir()): RunRecord {
  const store = new ScenarioStore(scenariosDir);
  const file = store.resolveName(name);
  if (!file) {
    const known = store.list().map((e) => e.name).join(', ');
    throw new InputError({ file: '--run', message: `expected the name of a shipped scenario (${known}), got ${JSON.stringify(name)}` });
  }
  const job: RunJob = { source: { kind: 'file', path: file, label: `scenarios/${file.slice(store.dir.length + 1)}` }, baseDir: store.dir };
  return running.runs.start(job, loadJob(job), { kind: 'shipped', name });
}
