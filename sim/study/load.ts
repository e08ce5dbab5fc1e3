/**
 * Loading a study file into a checked {@link Study}: its schema, its base scenario (which must
 * load), the candidate stations, the metrics, and every sweep dimension: each path must exist in
 * the scenario format, and each value, set on the base scenario, must give a scenario that loads.
 * Every problem is reported at once in one InputError, as for scenario files:
 * `study.yaml: sweep[0].values[3]: satellites[0].walker.planes: expected a divisor of ...`.
 * @module
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { InputError, formatIssue, type InputIssue } from '../errors.js';
import { CatalogStationSchema, loadCatalog, loadStations, type CatalogStation } from '../scenario/stations.js';
import { loadScenarioDocument } from '../scenario/load.js';
import { schemaIssues } from '../scenario/issues.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { describeValue, parseDocument, zodIssues } from '../validation.js';
import { ADD_STATION, NO_STATION, applyValue, expandCases, type StationAdditions, type StudyCase, type StudyDimension } from './cases.js';
import { METRICS, findMetric, type MetricDef } from './metrics.js';
import { checkSchemaPath, parsePath, type PathSegment } from './paths.js';
import { StudySchema, type DimensionDoc, type StudyDoc } from './schema.js';

/** Most cases (points x replications) a study may have. */
export const MAX_RUNS = 100_000;
/** Most values a range may give. */
const MAX_RANGE_VALUES = 10_000;

/** The base scenario of a study: the document, and where its relative paths start. */
export interface StudyBase {
  readonly doc: unknown;
  /** How the base is named in messages (its file, or `<study>: base`). */
  readonly label: string;
  readonly baseDir: string;
}

/** A loaded, checked study. */
export interface Study {
  readonly name: string;
  readonly description: string;
  /** The study file as given, or null for an in-memory document. */
  readonly file: string | null;
  /** SHA-256 of the study file and the files it reads (base scenario, candidates), hex. */
  readonly fileHash: string;
  readonly seed: number;
  readonly seeds: 'independent' | 'common';
  readonly replications: number;
  readonly base: StudyBase;
  readonly dimensions: readonly StudyDimension[];
  readonly metrics: readonly MetricDef[];
  /** Printed table columns: metric and key (null: every key of the metric). */
  readonly table: readonly { readonly metric: string; readonly key: string | null }[];
  readonly cases: readonly StudyCase[];
}

/** Collected problems of one study load. */
class Issues {
  readonly list: InputIssue[] = [];
  constructor(readonly file: string) {}
  add(path: string, message: string): void {
    this.list.push({ file: this.file, path, message });
  }
}

/** Reads a file named relative to the study, naming it as the user would reach it. */
function readRelative(name: string, baseDir: string, labelDir: string, what: string, path: string, issues: Issues): { text: string; file: string; label: string } | null {
  const file = resolve(baseDir, name);
  const label = isAbsolute(name) ? name : join(labelDir, name);
  try {
    return { text: readFileSync(file, 'utf8'), file, label };
  } catch (error) {
    issues.add(path, `cannot read ${what} ${JSON.stringify(label)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return null;
  }
}

/** The base scenario document, or null after recording issues. */
function readBase(doc: StudyDoc, baseDir: string, labelDir: string, studyLabel: string, issues: Issues, texts: string[]): StudyBase | null {
  if ((doc.scenario === undefined) === (doc.base === undefined)) {
    issues.add('scenario', `expected exactly one of scenario (a scenario file) or base (a scenario written inline), got ${doc.scenario === undefined ? 'neither' : 'both'}`);
    return null;
  }
  if (doc.base !== undefined) return { doc: doc.base, label: `${studyLabel}: base`, baseDir };
  const read = readRelative(doc.scenario!, baseDir, labelDir, 'scenario file', 'scenario', issues);
  if (!read) return null;
  texts.push(read.text);
  try {
    return { doc: parseDocument(read.text, read.label), label: read.label, baseDir: dirname(read.file) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    issues.list.push(...error.issues);
    return null;
  }
}

/** Loads a case document; returns its issues (empty when it loads). */
function scenarioIssues(doc: unknown, base: StudyBase): readonly InputIssue[] {
  try {
    loadScenarioDocument(doc, { label: base.label, baseDir: base.baseDir });
    return [];
  } catch (error) {
    if (error instanceof InputError) return error.issues;
    throw error;
  }
}

/** An issue of a case scenario as text for a study message (its file left out when it is the base). */
function caseMessage(issue: InputIssue, base: StudyBase): string {
  return formatIssue(issue.file === base.label ? { ...issue, file: undefined } : issue);
}

/** Candidate stations, from a file or inline; null after recording issues. */
function readCandidates(doc: StudyDoc, baseDir: string, labelDir: string, issues: Issues, texts: string[]): CatalogStation[] | null {
  const given = doc.candidates?.stations;
  if (given === undefined) return [];
  if (typeof given === 'string') {
    const read = readRelative(given, baseDir, labelDir, 'station file', 'candidates.stations', issues);
    if (!read) return null;
    texts.push(read.text);
    try {
      return loadStations(read.file, read.label);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.list.push(...error.issues);
      return null;
    }
  }
  const parsed = z.array(CatalogStationSchema).safeParse(given, { reportInput: true });
  if (!parsed.success) {
    issues.list.push(...zodIssues(parsed.error, issues.file, ['candidates', 'stations']));
    return null;
  }
  return parsed.data;
}

/** The values of a dimension: its list, or its range expanded. */
function dimensionValues(d: DimensionDoc, path: string, issues: Issues): unknown[] | null {
  if ((d.values === undefined) === (d.range === undefined)) {
    issues.add(path, `expected exactly one of values (a list) or range ({from, to, step}), got ${d.values === undefined ? 'neither' : 'both'}`);
    return null;
  }
  if (d.values !== undefined) return d.values;
  const { from, to, step } = d.range!;
  if (to < from) {
    issues.add(`${path}.range.to`, `expected a number >= from (${from}), got ${to}`);
    return null;
  }
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_RANGE_VALUES) {
    issues.add(`${path}.range.step`, `expected at most ${MAX_RANGE_VALUES} values, got ${count} (from ${from} to ${to} by ${step})`);
    return null;
  }
  // toPrecision(12) removes the float noise of from + k * step (0.1 * 3 = 0.30000000000000004).
  return Array.from({ length: count }, (_, k) => Number((from + k * step).toPrecision(12)));
}

/** Checks one dimension's form and paths; null after recording issues. */
function checkDimension(d: DimensionDoc, i: number, additions: StationAdditions | null, setBy: Map<string, string>, issues: Issues): StudyDimension | null {
  const at = `sweep[${i}]`;
  if ((d.path === undefined) === (d.paths === undefined)) {
    issues.add(at, `expected exactly one of path or paths, got ${d.path === undefined ? 'neither' : 'both'}`);
    return null;
  }
  const values = dimensionValues(d, at, issues);
  if (d.path === ADD_STATION) {
    if (additions === null) {
      issues.add(`${at}.path`, `${ADD_STATION} needs candidates with downlinks (the downlinks added with each station)`);
      return null;
    }
    return values && { name: d.name ?? ADD_STATION, kind: 'addStation', paths: [ADD_STATION], segments: [], values };
  }
  const paths = d.path !== undefined ? [d.path] : d.paths!;
  const pathAt = (k: number) => (d.path !== undefined ? `${at}.path` : `${at}.paths[${k}]`);
  const segments = paths.map((p, k) => {
    const parsed = parsePath(p);
    if (typeof parsed === 'string') return void issues.add(pathAt(k), p.endsWith('+') ? `only ${ADD_STATION} can add to a list, got ${JSON.stringify(p)}` : parsed);
    const missing = checkSchemaPath(ScenarioSchema, parsed);
    if (missing !== null) return void issues.add(pathAt(k), missing);
    if (p === 'seed') return void issues.add(pathAt(k), 'expected a path other than seed: each case gets its seed from the study (use seed and replications)');
    const first = setBy.get(p);
    if (first !== undefined) return void issues.add(pathAt(k), `${JSON.stringify(p)} is already swept by ${first}`);
    setBy.set(p, pathAt(k));
    return parsed;
  });
  if (values === null || segments.some((s) => s === undefined)) return null;
  if (paths.length > 1) {
    const bad = values.findIndex((v) => !Array.isArray(v) || v.length !== paths.length);
    if (bad >= 0) {
      issues.add(`${at}.values[${bad}]`, `expected a list of ${paths.length} values (one per path), got ${describeValue(values[bad])}`);
      return null;
    }
  }
  // Several paths: name them by their last fields, as the values read (`satellites/planes`: 6/3).
  const name = d.name ?? (paths.length === 1 ? paths[0]! : paths.map((p) => p.replace(/^.*\./, '')).join('/'));
  return { name, kind: 'set', paths, segments: segments as PathSegment[][], values };
}

/**
 * Checks every value of a dimension by loading the base with that value set. When every value fails
 * in the same way (a misspelt parameter name under `params`, an index beyond the base's list), the
 * problem is the path's, and it is reported once, at the path.
 */
function checkValues(dim: StudyDimension, i: number, d: DimensionDoc, base: StudyBase, additions: StationAdditions | null, issues: Issues): void {
  const catalogIds = dim.kind === 'addStation' ? loadCatalog().map((c) => c.id) : [];
  const listed = (base.doc as { stations?: unknown }).stations;
  const baseStations = (Array.isArray(listed) ? listed : []).map((st: unknown) => (typeof st === 'object' && st !== null ? (st as { id?: unknown }).id : st));
  const problems = dim.values.map((value): string[] => {
    if (dim.kind === 'addStation') {
      const known = [NO_STATION, ...additions!.candidates.map((c) => c.id)];
      if (typeof value !== 'string' || (!known.includes(value) && !catalogIds.includes(value))) {
        return [`expected a candidate station id, a catalogue station id or ${NO_STATION}, got ${describeValue(value)} (candidates: ${known.join(', ')})`];
      }
      if (baseStations.includes(value)) return [`station ${JSON.stringify(value)} is already in the base scenario`];
    }
    const applied = applyValue(base.doc, dim, value, additions);
    if ('error' in applied) return [applied.error];
    return scenarioIssues(applied.doc, base).map((issue) => caseMessage(issue, base));
  });
  const first = problems[0]!;
  if (dim.kind === 'set' && dim.values.length > 1 && first.length > 0 && problems.every((p) => p.join('\n') === first.join('\n'))) {
    const at = d.path !== undefined ? `sweep[${i}].path` : `sweep[${i}].paths`;
    for (const message of first) issues.add(at, `every value fails: ${message}`);
    return;
  }
  problems.forEach((messages, j) => {
    const at = d.range !== undefined ? `sweep[${i}].range` : `sweep[${i}].values[${j}]`;
    const prefix = d.range !== undefined ? `value ${describeValue(dim.values[j])}: ` : '';
    for (const message of messages) issues.add(at, `${prefix}${message}`);
  });
}

/** Metric names and table columns; records unknown names. */
function checkMetrics(doc: StudyDoc, issues: Issues): { metrics: MetricDef[]; table: Study['table'] } {
  const known = METRICS.map((m) => m.name).join(', ');
  const metrics: MetricDef[] = [];
  doc.metrics.forEach((name, i) => {
    const m = findMetric(name);
    if (!m) issues.add(`metrics[${i}]`, `unknown metric ${JSON.stringify(name)} (known: ${known})`);
    else if (metrics.includes(m)) issues.add(`metrics[${i}]`, `metric ${JSON.stringify(name)} is listed twice`);
    else metrics.push(m);
  });
  const table = (doc.table ?? metrics.map((m) => `${m.name}.${m.headline}`)).flatMap((entry, i) => {
    const dot = entry.indexOf('.');
    const metric = dot < 0 ? entry : entry.slice(0, dot);
    if (!doc.metrics.includes(metric)) {
      issues.add(`table[${i}]`, `expected a collected metric (${doc.metrics.join(', ')}) or metric.key, got ${JSON.stringify(entry)}`);
      return [];
    }
    return [{ metric, key: dot < 0 ? null : entry.slice(dot + 1) }];
  });
  return { metrics, table };
}

function resolveStudy(raw: unknown, label: string, baseDir: string, file: string | null, text: string): Study {
  const parsed = StudySchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new InputError(schemaIssues(parsed.error, label));
  const doc = parsed.data;
  const issues = new Issues(label);
  const texts = [text];
  const labelDir = dirname(label);
  const base = readBase(doc, baseDir, labelDir, label, issues, texts);
  const candidates = readCandidates(doc, baseDir, labelDir, issues, texts);
  const { metrics, table } = checkMetrics(doc, issues);
  if (base !== null) {
    const baseIssues = scenarioIssues(base.doc, base);
    if (baseIssues.length > 0) throw new InputError([...issues.list, ...baseIssues]);
  }
  const additions: StationAdditions | null = doc.candidates && candidates ? { candidates, downlinks: doc.candidates.downlinks } : null;
  const setBy = new Map<string, string>();
  const dims = doc.sweep.map((d, i) => checkDimension(d, i, additions, setBy, issues));
  if (base !== null) dims.forEach((dim, i) => dim && checkValues(dim, i, doc.sweep[i]!, base, additions, issues));
  const points = dims.reduce((n, d) => n * (d?.values.length ?? 1), 1);
  if (points * doc.replications > MAX_RUNS) {
    issues.add('sweep', `expected at most ${MAX_RUNS} runs (points x replications), got ${points} x ${doc.replications}`);
  }
  if (issues.list.length > 0 || base === null) throw new InputError(issues.list);
  const dimensions = dims as StudyDimension[];
  const name = doc.name ?? basename(label, extname(label));
  return {
    name,
    description: doc.description ?? '',
    file,
    fileHash: createHash('sha256').update(texts.join('\u0000')).digest('hex'),
    seed: doc.seed,
    seeds: doc.seeds,
    replications: doc.replications,
    base,
    dimensions,
    metrics,
    table,
    cases: expandCases(base.doc, dimensions, additions, doc),
  };
}

/**
 * Loads an already parsed study document. Relative paths (base scenario, candidates) start at
 * `baseDir`; the hash covers `text` (or the JSON of the document) and the files read.
 * @throws InputError with every problem found
 */
export function loadStudyDocument(doc: unknown, options: { label: string; baseDir: string; text?: string }): Study {
  return resolveStudy(doc, options.label, options.baseDir, null, options.text ?? JSON.stringify(doc));
}

/**
 * Reads and loads a study file (YAML, or JSON when the name ends in `.json`).
 * @throws InputError with every problem found (an unreadable file: `path: cannot read study file: ENOENT`)
 */
export function loadStudyFile(path: string, options: { label?: string } = {}): Study {
  const label = options.label ?? path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: label, message: `cannot read study file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  return resolveStudy(parseDocument(text, label), label, dirname(path), path, text);
}
