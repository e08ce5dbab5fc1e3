/**
 * The dashboard's HTTP server (express 5): the JSON API (scenarios, runs, progress as server-sent
 * events, reports, ground tracks, study results) and the static dashboard with d3, topojson-client
 * and the world-atlas basemap served from node_modules (no CDN).
 *
 * Hardening: JSON bodies up to `maxBodyBytes`, runs of at most `maxDays` and `maxConcurrentRuns`
 * at once (429 beyond), shipped scenarios only by `[a-z0-9-]` name inside scenarios/, uploaded
 * documents may not read files outside it, bad input is HTTP 400 with the issue list the CLI
 * prints, unknown routes are 404 JSON, and no response ever carries a stack trace.
 * @module
 */
import express, { type ErrorRequestHandler, type Express, type Request } from 'express';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { InputError, PropagationError, formatIssue, type InputIssue } from '../sim/errors.js';
import { DAY_MS } from '../sim/orbit/time.js';
import { QKDSIM_VERSION } from '../sim/version.js';
import { groundTracks } from '../sim/orbit/ground-track.js';
import { scenarioGeoJson } from '../sim/report/geojson.js';
import { buildCzml } from '../sim/report/czml.js';
import { czmlInputFromRun, czmlStepMs } from '../sim/report/czml-run.js';
import { packagePath } from '../sim/package-root.js';
import { parseScenarioTime, type Scenario } from '../sim/scenario/index.js';
import { parseDocument } from '../sim/validation.js';
import { pathLineFinder } from './issue-lines.js';
import { loadJob, type RunJob, type RunSource } from './run-job.js';
import { RunManager, TooManyRunsError, type RunEvent, type RunRecord } from './runs.js';
import { SCENARIO_NAME, ScenarioStore, defaultScenariosDir } from './scenarios.js';
import { StudyStore, defaultStudiesDir, defaultStudyResultsDir, studiesRouter, type StudyDatabaseSource } from './studies.js';

/** The dashboard's static files (from the sources, also when the server runs from the build). */
const PUBLIC_DIR = packagePath('web', 'public');
/** Folder of an installed package's entry file (d3 resolves to dist/d3.mjs, so its dist/). */
const packageFile = (specifier: string): string => fileURLToPath(import.meta.resolve(specifier));

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
  /** The scenario `npm start` runs, shown in /api/info. */
  readonly defaultScenario?: string;
  /** Folder of the shipped study files (default: the repository's scenarios/studies/). */
  readonly studiesDir?: string;
  /** Folder of study results, one `<name>/study.json` each (default: the repository's runs/studies/). */
  readonly studyResultsDir?: string;
  /** A queue database whose studies are listed too (`serve --queue`; web/studies.ts). */
  readonly studyDatabase?: StudyDatabaseSource;
}

/** An issue as the API returns it: the CLI's fields plus `text`, the line the CLI prints. */
export interface ApiIssue {
  readonly file?: string;
  readonly path?: string;
  readonly line?: number;
  readonly message: string;
  readonly text: string;
}

/** A 4xx answer with a JSON body, thrown from handlers and answered by the error middleware. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? status));
    this.name = 'HttpError';
  }
}

/** Issues as the API returns them; `lines` maps field paths to lines of the uploaded text. */
export function apiIssues(issues: readonly InputIssue[], lines?: (path: string) => number | undefined): ApiIssue[] {
  return issues.map((issue) => {
    const line = issue.line ?? (issue.path !== undefined && lines ? lines(issue.path) : undefined);
    return { ...issue, ...(line !== undefined ? { line } : {}), text: formatIssue(issue) };
  });
}

const requestError = (issues: InputIssue[]): HttpError => new HttpError(400, { error: 'invalid request', issues: apiIssues(issues) });

/** A run as the API lists it (no report; no scenario internals). */
function runSummary(r: RunRecord): Record<string, unknown> {
  const s = r.scenario;
  const base = `/api/runs/${r.id}`;
  return {
    id: r.id,
    status: r.status,
    stage: r.stage,
    progress: Math.round(r.progress * 1e4) / 1e4,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    wallS: r.wallS,
    scenario: {
      name: s.name,
      description: s.description,
      origin: r.origin.kind,
      source: r.origin.kind === 'shipped' ? r.origin.name : r.origin.label,
      start: new Date(s.startUtcMs).toISOString(),
      end: new Date(s.endUtcMs).toISOString(),
      days: Math.round((s.durationMs / DAY_MS) * 1e6) / 1e6,
      seed: s.seed,
    },
    error: r.error,
    issues: r.issues ? apiIssues(r.issues) : null,
    links: { self: base, report: `${base}/report`, events: `${base}/events`, track: `${base}/track`, geojson: `${base}/geojson`, czml: `${base}/czml` },
  };
}

/** The network a run simulates, known before it ends: nodes for the map, pool settings for charts. */
function runNetwork(s: Scenario): Record<string, unknown> {
  return {
    nodes: s.nodes.map((n) => ({ id: n.id, kind: n.kind, name: n.name, latDeg: n.latDeg ?? null, lonDeg: n.lonDeg ?? null })),
    links: s.links.map((l) => ({ id: l.id, kind: l.kind, from: l.from, to: l.to, ...l.pool })),
    satellites: s.satellites.map((x) => ({ id: x.id, name: x.satellite.name })),
    passMaskDeg: s.passes.minElevationDeg,
  };
}

/** Checks a numeric body field; pushes an issue and returns undefined when it is bad. */
function numberField(issues: InputIssue[], body: Record<string, unknown>, key: string, check: (v: number) => boolean, expected: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
    issues.push({ path: key, message: `expected ${expected}, got ${JSON.stringify(v)}` });
    return undefined;
  }
  return v;
}

/** A file label for an uploaded document: the client's file name if safe, else upload.yaml / upload.json. */
function uploadLabel(raw: unknown, isText: boolean): string {
  const fallback = isText ? 'upload.yaml' : 'upload.json';
  if (typeof raw !== 'string') return fallback;
  const name = raw.split(/[\\/]/).pop() ?? '';
  return /^[\w][\w.-]{0,63}\.(ya?ml|json)$/i.test(name) ? name : fallback;
}

const RUN_ID = /^[0-9a-f]{12}$/;
const BODY_FIELDS = new Set(['scenario', 'document', 'label', 'seed', 'days']);

/** Builds the express app: API, static dashboard, 404s and the error middleware. */
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
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
    });
    next();
  });

  // The body is read as text and parsed by qkdsim's one document parser (duplicate keys refused,
  // depth bounded, syntax errors with a line), never by a second parser with other rules.
  const json = express.text({ type: () => true, limit: maxBodyBytes });
  const parseBody = (req: Request): unknown => {
    const text = typeof req.body === 'string' ? req.body : '';
    try {
      return parseDocument(text, 'request body.json');
    } catch (error) {
      if (error instanceof InputError) throw new HttpError(400, { error: 'invalid JSON', issues: apiIssues(error.issues) });
      throw error;
    }
  };
  const api = express.Router();

  api.get('/info', (_req, res) => {
    res.json({
      name: 'qkdsim',
      version: QKDSIM_VERSION,
      defaultScenario: options.defaultScenario ?? null,
      limits: { maxDays, maxConcurrentRuns: runs.maxConcurrent, maxBodyBytes, maxTrackPoints, keepFinishedRuns: runs.keepFinished },
    });
  });

  api.get('/scenarios', (_req, res) => {
    res.json({ scenarios: store.list() });
  });

  api.get('/scenarios/:name', (req, res) => {
    const name = req.params.name!;
    if (!SCENARIO_NAME.test(name)) {
      throw requestError([{ path: 'name', message: `expected a scenario name of lower-case letters, digits and dashes, got ${JSON.stringify(name)}` }]);
    }
    const entry = store.read(name);
    if (!entry) throw new HttpError(404, { error: 'not found', message: `no shipped scenario named ${JSON.stringify(name)}` });
    res.json(entry);
  });

  api.get('/runs', (_req, res) => {
    res.json({ runs: runs.list().map(runSummary), active: runs.active, maxConcurrentRuns: runs.maxConcurrent });
  });

  api.post('/runs', (req, res, next) => {
    if (!req.is('application/json')) {
      next(new HttpError(415, { error: 'unsupported media type', message: 'expected a JSON body (Content-Type: application/json)' }));
      return;
    }
    next();
  }, json, (req, res) => {
    const body = parseBody(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw requestError([{ path: '(body)', message: 'expected a JSON object such as {"scenario": "fibre-chain", "days": 1}' }]);
    }
    const b = body as Record<string, unknown>;
    const issues: InputIssue[] = [];
    for (const key of Object.keys(b)) {
      if (!BODY_FIELDS.has(key)) issues.push({ path: key, message: `unknown field (expected ${[...BODY_FIELDS].join(', ')})` });
    }
    const seed = numberField(issues, b, 'seed', (v) => Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER, 'an integer >= 0');
    const days = numberField(issues, b, 'days', (v) => v > 0 && v <= maxDays, `a number > 0 and <= ${maxDays} (the server's limit)`);
    const hasName = b.scenario !== undefined && b.scenario !== null;
    const hasDoc = b.document !== undefined && b.document !== null;
    let source: RunSource | null = null;
    let origin: RunRecord['origin'] | null = null;
    if (hasName === hasDoc) {
      issues.push({ path: 'scenario', message: `expected exactly one of scenario (a shipped scenario's name) or document (an uploaded scenario), got ${hasName ? 'both' : 'neither'}` });
    } else if (hasName) {
      const name = b.scenario;
      const file = typeof name === 'string' ? store.resolveName(name) : null;
      if (typeof name !== 'string' || !file) {
        const known = store.list().map((e) => e.name).join(', ');
        issues.push({ path: 'scenario', message: `expected the name of a shipped scenario (${known}), got ${JSON.stringify(name)}` });
      } else {
        source = { kind: 'file', path: file, label: `scenarios/${file.slice(store.dir.length + 1)}` };
        origin = { kind: 'shipped', name };
      }
    } else if (typeof b.document === 'string' || (typeof b.document === 'object' && !Array.isArray(b.document))) {
      const isText = typeof b.document === 'string';
      const label = uploadLabel(b.label, isText);
      // Parsed once, here: the object checked is the object loaded (by this process and the worker).
      let doc: unknown = b.document;
      if (isText) {
        try {
          doc = parseDocument(b.document as string, label);
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(400, { error: 'invalid scenario', issues: apiIssues(error.issues) });
          throw error;
        }
      }
      source = { kind: 'document', doc, label, ...(isText ? { text: b.document as string } : {}) };
      origin = { kind: 'upload', label };
    } else {
      issues.push({ path: 'document', message: `expected a scenario as an object or as YAML / JSON text, got ${Array.isArray(b.document) ? 'a list' : typeof b.document}` });
    }
    if (issues.length > 0 || !source || !origin) throw requestError(issues);

    // Uploaded documents open files only inside the scenarios folder, checked where each is opened.
    const job: RunJob = { source, baseDir: store.dir, seed, days, ...(source.kind === 'document' ? { confineTo: store.dir } : {}) };
    const lines = source.kind === 'document' && source.text !== undefined ? pathLineFinder(source.text) : undefined;
    const invalid = (list: readonly InputIssue[]): HttpError => new HttpError(400, { error: 'invalid scenario', issues: apiIssues(list, lines) });
    let scenario: Scenario;
    try {
      scenario = loadJob(job);
    } catch (error) {
      if (error instanceof InputError) throw invalid(error.issues);
      if (error instanceof PropagationError) throw invalid([{ file: source.label, message: error.message }]);
      throw error;
    }
    if (scenario.durationMs > maxDays * DAY_MS) {
      throw invalid([{ file: source.label, path: 'days', message: `expected a run of at most ${maxDays} days (the server's limit; send days to shorten it), got ${scenario.durationMs / DAY_MS} days` }]);
    }
    let record: RunRecord;
    try {
      record = runs.start(job, scenario, origin);
    } catch (error) {
      if (error instanceof TooManyRunsError) {
        res.set('Retry-After', '5');
        throw new HttpError(429, { error: 'too many runs', message: error.message, limit: error.limit });
      }
      throw error;
    }
    res.status(202).location(`/api/runs/${record.id}`).json({ ...runSummary(record), warnings: scenario.warnings });
  });

  /** The run named by :id, or a 404. */
  const findRun = (req: Request): RunRecord => {
    const id = String(req.params.id);
    const run = RUN_ID.test(id) ? runs.get(id) : undefined;
    if (!run) throw new HttpError(404, { error: 'not found', message: `no run ${JSON.stringify(id)} (finished runs are kept until ${runs.keepFinished} newer ones have finished, and not across restarts)` });
    return run;
  };

  api.get('/runs/:id', (req, res) => {
    const run = findRun(req);
    res.json({ ...runSummary(run), network: runNetwork(run.scenario), warnings: run.scenario.warnings });
  });

  api.delete('/runs/:id', (req, res) => {
    const run = findRun(req);
    if (!runs.cancel(run.id)) throw new HttpError(409, { error: 'not running', message: `run ${run.id} is ${run.status}`, status: run.status });
    res.json(runSummary(run));
  });

  api.get('/runs/:id/report', (req, res) => {
    const run = findRun(req);
    if (!run.report) {
      throw new HttpError(409, { error: 'no report', message: run.status === 'running' ? `run ${run.id} is still running (${Math.round(run.progress * 100)} %)` : `run ${run.id} ${run.status}: ${run.error ?? ''}`.trim(), status: run.status });
    }
    res.json(run.report);
  });

  api.get('/runs/:id/events', (req, res) => {
    const run = findRun(req);
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

  /** The window and step of a ground-track request (from, to, stepS), checked; for /track and /geojson. */
  const trackWindow = (req: Request, s: Scenario): { fromMs: number; toMs: number; stepMs: number } => {
    const issues: InputIssue[] = [];
    const q = req.query;
    const text = (key: string): string | undefined => {
      const v = q[key];
      if (v === undefined) return undefined;
      if (typeof v !== 'string') {
        issues.push({ path: key, message: 'expected one value' });
        return undefined;
      }
      return v;
    };
    const lo = s.startUtcMs - DAY_MS;
    const hi = s.endUtcMs + DAY_MS;
    const time = (key: string, fallback: number): number => {
      const raw = text(key);
      if (raw === undefined) return fallback;
      const ms = parseScenarioTime(raw);
      if (!Number.isFinite(ms)) issues.push({ path: key, message: `expected an ISO 8601 UTC time such as 2016-12-19T16:00:00Z, got ${JSON.stringify(raw)}` });
      else if (ms < lo || ms > hi) issues.push({ path: key, message: `expected a time within a day of the run (${new Date(lo).toISOString()} to ${new Date(hi).toISOString()}), got ${raw}` });
      return ms;
    };
    const rawStep = text('stepS');
    const stepS = rawStep === undefined ? 60 : Number(rawStep);
    if (!(Number.isFinite(stepS) && stepS >= 1 && stepS <= 3600)) issues.push({ path: 'stepS', message: `expected a number of seconds in [1, 3600], got ${JSON.stringify(rawStep)}` });
    const fromMs = time('from', s.startUtcMs);
    const toMs = time('to', Math.min(s.endUtcMs, fromMs + 3 * 3_600_000));
    if (issues.length === 0 && !(toMs > fromMs)) issues.push({ path: 'to', message: `expected a time after from (${new Date(fromMs).toISOString()}), got ${new Date(toMs).toISOString()}` });
    if (issues.length === 0) {
      const points = Math.floor((toMs - fromMs) / (stepS * 1000)) + 2;
      if (points > maxTrackPoints) issues.push({ path: 'stepS', message: `expected at most ${maxTrackPoints} points per satellite, got ${points} (widen stepS or narrow from..to)` });
    }
    if (issues.length > 0) throw requestError(issues);
    return { fromMs, toMs, stepMs: Math.round(stepS * 1000) };
  };

  api.get('/runs/:id/track', (req, res) => {
    const s = findRun(req).scenario;
    const w = trackWindow(req, s);
    res.json(groundTracks(s.satellites, s.passes.minElevationDeg, w.fromMs, w.toMs, w.stepMs));
  });

  // GeoJSON (RFC 7946) of the same window: tracks, footprints every 10 samples, the placed network.
  api.get('/runs/:id/geojson', (req, res) => {
    const run = findRun(req);
    const w = trackWindow(req, run.scenario);
    res.set('Content-Disposition', `attachment; filename="${run.scenario.name.replace(/[^\w.-]/g, '_')}-${run.id}.geojson"`);
    res.type('application/geo+json').send(JSON.stringify(scenarioGeoJson(run.scenario, { ...w, footprintEvery: 10 })));
  });

  // CZML for Cesium of a finished run (download): satellites over the run, passes, pool levels.
  api.get('/runs/:id/czml', (req, res) => {
    const run = findRun(req);
    if (!run.report) throw new HttpError(409, { error: 'no report', message: `run ${run.id} is ${run.status}: CZML needs a finished run`, status: run.status });
    if (!run.report.passes) throw new HttpError(409, { error: 'summary report', message: `run ${run.id} kept a summary report (its per-pass rows are not in memory): run it from the command line with qkdsim run --czml`, status: run.status });
    const raw = req.query.stepS;
    const stepS = raw === undefined ? undefined : Number(raw);
    if (stepS !== undefined && !(typeof raw === 'string' && Number.isFinite(stepS) && stepS >= 1 && stepS <= 86_400)) throw requestError([{ path: 'stepS', message: `expected a number of seconds in [1, 86400], got ${JSON.stringify(raw)}` }]);
    const stepMs = czmlStepMs(run.scenario.durationMs, stepS === undefined ? undefined : Math.max(Math.round(stepS * 1000), Math.ceil(run.scenario.durationMs / 100_000)));
    res.set('Content-Disposition', `attachment; filename="${run.scenario.name.replace(/[^\w.-]/g, '_')}-${run.id}.czml"`);
    res.type('application/json').send(JSON.stringify(buildCzml(czmlInputFromRun(run.scenario, run.report, stepMs))));
  });

  // Study results (read only: studies run from the command line); web/studies.ts.
  api.use('/studies', studiesRouter(new StudyStore(options.studiesDir ?? defaultStudiesDir(), options.studyResultsDir ?? defaultStudyResultsDir(), options.studyDatabase ?? null)));

  app.use('/api', api);
  app.use('/api', (req) => {
    throw new HttpError(404, { error: 'not found', message: `no API route ${req.method} ${req.path === '/' ? '/api' : `/api${req.path}`}` });
  });

  // Browser libraries and the basemap, from the installed packages.
  const vendor: Record<string, string> = {
    '/vendor/d3.min.js': join(dirname(packageFile('d3')), 'd3.min.js'),
    '/vendor/topojson-client.min.js': join(dirname(packageFile('topojson-client')), 'topojson-client.min.js'),
    '/data/land-110m.json': packageFile('world-atlas/land-110m.json'),
    '/data/countries-50m.json': packageFile('world-atlas/countries-50m.json'),
  };
  for (const [route, file] of Object.entries(vendor)) {
    app.get(route, (_req, res, next) => {
      res.sendFile(file, { maxAge: '1d' }, (error) => error && next(error));
    });
  }
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', dotfiles: 'ignore', redirect: false, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));

  app.use((req) => {
    throw new HttpError(404, { error: 'not found', message: `no route ${req.method} ${req.path}` });
  });
  app.use(errorHandler);
  return app as Express & { locals: { runs: RunManager } };
}

/** Parses uploaded text only to look at its file references (errors are reported by the loader). */
/** Maps errors to JSON answers: HttpError as is, InputError 400, body-parser errors by status, anything else 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof HttpError) {
    res.status(error.status).json(error.body);
    return;
  }
  if (error instanceof InputError) {
    res.status(400).json({ error: 'invalid request', issues: apiIssues(error.issues) });
    return;
  }
  const e = error as { type?: string; status?: number; statusCode?: number; limit?: number };
  const status = e.status ?? e.statusCode;
  if (e.type === 'entity.too.large') {
    res.status(413).json({ error: 'request body too large', message: `the body may be at most ${e.limit} bytes` });
    return;
  }
  if (e.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid JSON', message: 'the request body is not valid JSON' });
    return;
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.status(status).json({ error: status === 404 ? 'not found' : 'bad request', message: `request refused (${e.type ?? 'HTTP ' + status})` });
    return;
  }
  console.error('qkdsim serve: internal error:', error);
  res.status(500).json({ error: 'internal error', message: 'the server failed to answer this request (see the server log)' });
};

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
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host);
    s.once('listening', () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new InputError({ file: '--port', message: `port ${port} on ${host} is already in use (choose another with --port)` }));
      else if (error.code === 'EACCES') reject(new InputError({ file: '--port', message: `not allowed to listen on port ${port} (ports below 1024 need privileges)` }));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new InputError({ file: '--host', message: `cannot listen on ${JSON.stringify(host)}: ${error.code}` }));
      else reject(error);
    });
  });
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
