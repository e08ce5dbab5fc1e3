/**
 * POST /api/runs: checks the body (`scenario` name or uploaded `document`, optional `seed` and
 * `days`), loads the scenario on this thread (bad input is a 400 with every issue, with the line of
 * the uploaded text each concerns), and starts the run on a warm worker (202), or 429 when the
 * server runs as many as it may.
 * @module
 */
import type { Request, RequestHandler, Response } from 'express';
import { InputError, PropagationError, type InputIssue } from '../../sim/errors.js';
import { DAY_MS } from '../../sim/orbit/time.js';
import type { Scenario } from '../../sim/scenario/index.js';
import { parseDocument } from '../../sim/validation.js';
import { HttpError, apiIssues, parseJsonBody, requestError } from '../http.js';
import { pathLineFinder } from '../issue-lines.js';
import { loadJob, type RunJob, type RunSource } from '../run-job.js';
import { runSummary } from '../run-views.js';
import { TooManyRunsError, type RunManager, type RunRecord } from '../runs.js';
import type { ScenarioStore } from '../scenarios.js';

const BODY_FIELDS = new Set(['scenario', 'document', 'label', 'seed', 'days']);

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

/** 415 unless the body is declared JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    next(new HttpError(415, { error: 'unsupported media type', message: 'expected a JSON body (Content-Type: application/json)' }));
    return;
  }
  next();
};

/** The POST /api/runs handler. */
export function startRunHandler(store: ScenarioStore, runs: RunManager, maxDays: number): (req: Request, res: Response) => void {
  return (req, res) => {
    const body = parseJsonBody(req);
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
  };
}
