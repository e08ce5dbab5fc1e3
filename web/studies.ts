/**
 * The studies the dashboard shows: the shipped study files (`scenarios/studies/*.yaml`) and the
 * results `qkdsim study` wrote for them (`runs/studies/<name>/study.json` by default). The server
 * only reads results; studies are run from the command line, as they take minutes.
 *
 * Routes (mounted at /api/studies by web/server.ts):
 * - `GET /api/studies`: every shipped study (name, file, description, the command that runs it)
 *   and whether results exist, plus results found without a shipped file (a study run from
 *   elsewhere into the same folder);
 * - `GET /api/studies/:name`: that study.json as written (`format: "qkdsim-study/1"`).
 *
 * With a queue database (`qkdsim serve --queue URL`), the studies recorded there are listed too, each
 * with `database` (its progress: cases finished of total, failed, live workers), and a study the
 * database holds is served from it (study.json written from its rows so far, as `qkdsim study
 * --collect` would), so studies running on other machines show before they finish.
 *
 * Names are `[a-z0-9-]` only (400 otherwise) and are resolved inside the results folder, symbolic
 * links leading out of it counting as missing, so no request reads another file.
 * @module
 */
import express, { type Router } from 'express';
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../sim/package-root.js';
import { parseDocument } from '../sim/validation.js';
import { InputError } from '../sim/errors.js';
import { STUDY_FORMAT } from '../sim/study/results.js';
import type { DatabaseStudy } from '../sim/study/queue/listing.js';
import { SCENARIO_NAME, isInside } from './scenarios.js';

/** What a study name in a URL may look like: lower-case letters, digits and dashes. */
export const STUDY_NAME = SCENARIO_NAME;

/** What the list says about a study's results. */
export interface StudyResultsInfo {
  /** Every case has rows (false after `--max-cases`, or while a resumed study is incomplete). */
  readonly complete: boolean;
  /** Parameter points with rows, and how many the study has. */
  readonly points: number;
  readonly totalPoints: number;
  readonly replications: number;
  /** Failed runs (case x replication) over all points. */
  readonly failedRuns: number;
  readonly dimensions: readonly string[];
  /** When study.json was written (ISO 8601). */
  readonly modifiedAt: string;
}

/** One study as listed. */
export interface StudyEntry {
  readonly name: string;
  /** The study file relative to the repository (`scenarios/studies/<file>`), or null for results alone. */
  readonly file: string | null;
  readonly description: string;
  /** The command that (re)computes its results, run from the repository folder; null without a file. */
  readonly command: string | null;
  /** null when there are no results (or they cannot be read). */
  readonly results: StudyResultsInfo | null;
  /** Why existing results cannot be shown, when they cannot. */
  readonly resultsError?: string;
  /** The study in the queue database (serve --queue), with its progress. */
  readonly database?: DatabaseProgress;
}

/** A study's progress in the queue database. */
export interface DatabaseProgress {
  readonly totalCases: number;
  readonly finishedCases: number;
  readonly failedCases: number;
  readonly complete: boolean;
  readonly liveWorkers: number;
  readonly recordedAt: string;
  readonly lastResultAt: string | null;
}

/** Where the dashboard reads studies recorded in a queue database (sim/study/queue/listing.ts). */
export interface StudyDatabaseSource {
  /** The database's URL as shown (password masked). */
  readonly shown: string;
  list(): Promise<readonly DatabaseStudy[]>;
  studyJson(name: string): Promise<string | null>;
}

/** The repository folder (web/..). */
const REPO_DIR = PACKAGE_ROOT;

/** Path of the shipped study files. */
export function defaultStudiesDir(): string {
  return join(REPO_DIR, 'scenarios', 'studies');
}

/** Where `qkdsim study` writes results when run from the repository folder. */
export function defaultStudyResultsDir(): string {
  return join(REPO_DIR, 'runs', 'studies');
}

/** A study.json that is not one: the list and the route say so instead of failing. */
class UnreadableResults extends Error {}

/** The summary of a study.json that the list shows, cached by modification time and size. */
interface CachedResults {
  readonly stamp: string;
  readonly info: StudyResultsInfo | null;
  readonly error: string | null;
  readonly description: string;
}

/** Shipped study files and their results. */
export class StudyStore {
  readonly studiesDir: string;
  readonly resultsDir: string;
  private readonly cache = new Map<string, CachedResults>();

  constructor(studiesDir: string, resultsDir: string, readonly database: StudyDatabaseSource | null = null) {
    this.studiesDir = resolve(studiesDir);
    this.resultsDir = resolve(resultsDir);
  }

  /**
   * {@link list} plus the studies of the queue database: a study there gets `database` (its
   * progress) and, when no results file exists, results counted from the database.
   */
  async listAll(): Promise<{ studies: StudyEntry[]; database?: { url: string; error?: string } }> {
    const entries = this.list();
    if (!this.database) return { studies: entries };
    let found: readonly DatabaseStudy[];
    try {
      found = await this.database.list();
    } catch (e) {
      return { studies: entries, database: { url: this.database.shown, error: `cannot read the queue database: ${e instanceof Error ? e.message : String(e)}` } };
    }
    const byName = new Map(entries.map((e, i) => [e.name, i]));
    for (const d of found) {
      const database: DatabaseProgress = {
        totalCases: d.totalCases,
        finishedCases: d.finishedCases,
        failedCases: d.failedCases,
        complete: d.finishedCases === d.totalCases,
        liveWorkers: d.liveWorkers,
        recordedAt: d.recordedAt,
        lastResultAt: d.lastResultAt,
      };
      const results: StudyResultsInfo = {
        complete: database.complete,
        points: d.points,
        totalPoints: d.totalCases,
        replications: d.replications,
        failedRuns: d.failedRuns,
        dimensions: d.dimensions,
        modifiedAt: d.lastResultAt ?? d.recordedAt,
      };
      const at = byName.get(d.name);
      if (at === undefined) {
        entries.push({ name: d.name, file: null, description: d.description, command: null, results, database });
      } else {
        const e = entries[at]!;
        entries[at] = { ...e, results: e.results ?? results, database };
      }
    }
    return { studies: entries, database: { url: this.database.shown } };
  }

  /** Shipped studies (sorted by name), then results without a shipped file. */
  list(): StudyEntry[] {
    const entries: StudyEntry[] = [];
    const seen = new Set<string>();
    for (const shipped of this.shippedStudies()) {
      if (seen.has(shipped.name)) continue;
      seen.add(shipped.name);
      const r = STUDY_NAME.test(shipped.name) ? this.resultsInfo(shipped.name) : { info: null, error: null, description: '' };
      entries.push({ ...shipped, results: r.info, ...(r.error ? { resultsError: r.error } : {}) });
    }
    for (const name of this.resultNames()) {
      if (seen.has(name)) continue;
      const r = this.resultsInfo(name);
      if (!r.info && !r.error) continue;
      entries.push({ name, file: null, description: r.description, command: null, results: r.info, ...(r.error ? { resultsError: r.error } : {}) });
    }
    return entries;
  }

  /** The shipped study of a name, when there is one. */
  shipped(name: string): Omit<StudyEntry, 'results'> | undefined {
    return this.shippedStudies().find((s) => s.name === name);
  }

  /**
   * The path of a study's study.json, or null when the name is malformed or no such file exists
   * inside the results folder (symbolic links leading out of it count as missing).
   */
  resultsFile(name: string): string | null {
    if (!STUDY_NAME.test(name)) return null;
    const file = resolve(this.resultsDir, name, 'study.json');
    if (!isInside(this.resultsDir, file) || !existsSync(file)) return null;
    try {
      if (!statSync(file).isFile() || !isInside(realpathSync(this.resultsDir), realpathSync(file))) return null;
    } catch {
      return null;
    }
    return file;
  }

  /**
   * The text and parsed document of a study's results, or null when there are none.
   * @throws UnreadableResults when the file is not a qkdsim-study/1 document
   */
  readResults(name: string): { text: string; doc: Record<string, unknown> } | null {
    const file = this.resultsFile(name);
    if (!file) return null;
    const text = readFileSync(file, 'utf8');
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw new UnreadableResults(`${name}/study.json is not valid JSON`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || (doc as Record<string, unknown>).format !== STUDY_FORMAT) {
      throw new UnreadableResults(`${name}/study.json is not a ${STUDY_FORMAT} document (written by another version of qkdsim?): run the study again`);
    }
    const d = doc as Record<string, unknown>;
    if (!Array.isArray(d.dimensions) || !Array.isArray(d.metrics) || !Array.isArray(d.summary)) {
      throw new UnreadableResults(`${name}/study.json lacks dimensions, metrics or summary: run the study again`);
    }
    return { text, doc: d };
  }

  /** The list's facts about a study's results (cached by file time and size). */
  private resultsInfo(name: string): Omit<CachedResults, 'stamp'> {
    const file = this.resultsFile(name);
    if (!file) return { info: null, error: null, description: '' };
    const st = statSync(file);
    const stamp = `${st.mtimeMs}:${st.size}`;
    const cached = this.cache.get(name);
    if (cached && cached.stamp === stamp) return cached;
    let info: StudyResultsInfo | null = null;
    let error: string | null = null;
    let description = '';
    try {
      const doc = this.readResults(name)!.doc;
      description = typeof doc.description === 'string' ? doc.description : '';
      const dims = doc.dimensions as { name?: unknown; values?: unknown }[];
      const summary = doc.summary as { n?: unknown; failed?: unknown }[];
      info = {
        complete: doc.complete === true,
        points: summary.length,
        totalPoints: dims.reduce((a, d) => a * (Array.isArray(d.values) ? d.values.length : 1), 1),
        replications: typeof doc.replications === 'number' ? doc.replications : 0,
        failedRuns: summary.reduce((a, p) => a + (typeof p.failed === 'number' ? p.failed : 0), 0),
        dimensions: dims.map((d) => String(d.name ?? '')),
        modifiedAt: new Date(st.mtimeMs).toISOString(),
      };
    } catch (e) {
      if (!(e instanceof UnreadableResults)) throw e;
      error = e.message;
    }
    const entry = { stamp, info, error, description };
    this.cache.set(name, entry);
    return entry;
  }

  /** Names of the folders in the results folder that look like study names. */
  private resultNames(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.resultsDir);
    } catch {
      return [];
    }
    return names.filter((n) => STUDY_NAME.test(n)).sort();
  }

  /**
   * The study files of the studies folder: YAML or JSON mappings with a base scenario (`scenario`
   * or `base`), so that the base scenarios and station lists next to them are left out.
   */
  private shippedStudies(): Omit<StudyEntry, 'results'>[] {
    let files: string[];
    try {
      files = readdirSync(this.studiesDir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
    } catch {
      return [];
    }
    const out: Omit<StudyEntry, 'results'>[] = [];
    for (const f of files) {
      const path = join(this.studiesDir, f);
      let doc: unknown;
      try {
        if (!statSync(path).isFile()) continue;
        const text = readFileSync(path, 'utf8');
        doc = parseDocument(text, f);
      } catch {
        continue;
      }
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) continue;
      const d = doc as Record<string, unknown>;
      if (!('scenario' in d) && !('base' in d)) continue;
      if ('start' in d || 'links' in d || 'nodes' in d) continue;
      // As `qkdsim study`: the name field, else the file name without its extension.
      const name = typeof d.name === 'string' ? d.name : basename(f).replace(/\.(ya?ml|json)$/, '');
      // The path from the repository folder; a folder elsewhere (tests) by its own name only.
      const shown = isInside(REPO_DIR, path) ? relative(REPO_DIR, path).split(sep).join('/') : `${basename(this.studiesDir)}/${f}`;
      out.push({
        name,
        file: shown,
        description: typeof d.description === 'string' ? d.description : '',
        command: `npx qkdsim study ${shown}`,
      });
    }
    return out;
  }
}

/** The /api/studies routes over a store. Bad names throw InputError (400 by the server's error handler). */
export function studiesRouter(store: StudyStore): Router {
  const router = express.Router();

  router.get('/', async (_req, res) => {
    res.json(await store.listAll());
  });

  router.get('/:name', async (req, res) => {
    const name = String(req.params.name);
    if (!STUDY_NAME.test(name)) {
      throw new InputError({ path: 'name', message: `expected a study name of lower-case letters, digits and dashes, got ${JSON.stringify(name)}` });
    }
    // A study in the queue database is served from there: its rows so far, as they arrive.
    const live = store.database ? await store.database.studyJson(name).catch(() => null) : null;
    if (live !== null) {
      res.set('Cache-Control', 'no-cache').type('application/json').send(live);
      return;
    }
    let doc: ReturnType<StudyStore['readResults']>;
    try {
      doc = store.readResults(name);
    } catch (e) {
      if (!(e instanceof UnreadableResults)) throw e;
      res.status(409).json({ error: 'unreadable results', message: e.message });
      return;
    }
    if (!doc) {
      const shipped = store.shipped(name);
      res.status(404).json({
        error: 'not found',
        message: shipped
          ? `no results for study ${JSON.stringify(name)} yet: run \`${shipped.command}\` in the repository folder (it writes runs/studies/${name}/study.json)`
          : `no study named ${JSON.stringify(name)} and no results under that name`,
        ...(shipped ? { command: shipped.command } : {}),
      });
      return;
    }
    res.set('Cache-Control', 'no-cache').type('application/json').send(doc.text);
  });

  return router;
}
