/**
 * A study as the database keeps it, and the case tasks workers rebuild from it: the definition
 * stored with the study (what results.ts needs to write the result files, and what a case needs to
 * run), the hash that lets a worker verify a case before running it, and the way a study's folder
 * travels between machines (relative to the qkdsim checkout when it is inside one).
 * @module
 */
import { createHash } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../../package-root.js';
import type { StudyCase, StudyDimension } from '../cases.js';
import type { Study } from '../load.js';
import { findMetric, type MetricDef } from '../metrics.js';
import { STUDY_FORMAT } from '../results.js';
import type { CaseTask } from '../run-case.js';

/** The qkdsim checkout this code runs from (the same from the sources and from dist/). */
const REPO_DIR = PACKAGE_ROOT;
/** Prefix of a folder stored relative to the qkdsim checkout. */
const REPO_PREFIX = 'qkdsim:';

/** The stored form of a study (studies.definition). */
export interface StudyDefinition {
  readonly format: string;
  readonly name: string;
  readonly description: string;
  readonly fileHash: string;
  readonly seed: number;
  readonly seeds: 'independent' | 'common';
  readonly replications: number;
  /** How the base scenario is named in messages (and so in failed rows' errors). */
  readonly label: string;
  /** Where the base scenario's relative paths start, portable (see {@link portableDir}). */
  readonly baseDir: string;
  readonly metrics: readonly string[];
  readonly table: Study['table'];
  readonly dimensions: readonly { readonly name: string; readonly kind: StudyDimension['kind']; readonly paths: readonly string[]; readonly values: readonly unknown[] }[];
}

/** One case as stored (cases table). */
export interface StoredCase {
  readonly caseIndex: number;
  readonly caseId: string;
  readonly point: Readonly<Record<string, unknown>>;
  readonly seeds: readonly number[];
  readonly doc: unknown;
}

/**
 * A folder as stored: `qkdsim:<path>` when inside the qkdsim checkout (so a worker with its own
 * checkout elsewhere finds the same files, such as TLE files a scenario names), else absolute.
 */
export function portableDir(dir: string): string {
  const rel = relative(REPO_DIR, resolve(dir));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return `${REPO_PREFIX}${rel.split(sep).join('/')}`;
  return resolve(dir);
}

/** A stored folder on this machine. */
export function localDir(stored: string): string {
  return stored.startsWith(REPO_PREFIX) ? join(REPO_DIR, ...stored.slice(REPO_PREFIX.length).split('/').filter(Boolean)) : stored;
}

/** The definition stored for a study. */
export function studyDefinition(study: Study): StudyDefinition {
  return {
    format: STUDY_FORMAT,
    name: study.name,
    description: study.description,
    fileHash: study.fileHash,
    seed: study.seed,
    seeds: study.seeds,
    replications: study.replications,
    label: study.base.label,
    baseDir: portableDir(study.base.baseDir),
    metrics: study.metrics.map((m) => m.name),
    table: study.table,
    dimensions: study.dimensions.map((d) => ({ name: d.name, kind: d.kind, paths: d.paths, values: d.values })),
  };
}

/** The stored form of a case. */
export function storedCase(c: StudyCase): StoredCase {
  return { caseIndex: c.index, caseId: c.caseId, point: c.point, seeds: c.seeds, doc: c.doc };
}

/**
 * SHA-256 binding a case to its study version: the study's file hash and everything the case run
 * reads. The job carries it; a worker recomputes it from the database before running the case.
 */
export function taskSha256(def: StudyDefinition, c: StoredCase): string {
  const bound = [def.fileHash, c.caseIndex, c.caseId, c.point, c.seeds, c.doc, def.label, def.baseDir, def.metrics];
  return createHash('sha256').update(JSON.stringify(bound)).digest('hex');
}

/** What a worker thread runs for a stored case. */
export function caseTask(def: StudyDefinition, c: StoredCase): CaseTask {
  return { caseIndex: c.caseIndex, caseId: c.caseId, point: c.point, doc: c.doc, label: def.label, baseDir: localDir(def.baseDir), seeds: c.seeds, metrics: def.metrics };
}

/**
 * A Study rebuilt from the database, enough for results.ts (study.json, the CSV files, the table):
 * used where the study file is not at hand (the dashboard). Case documents are left out.
 */
export function studyFromDefinition(def: StudyDefinition, cases: readonly Pick<StoredCase, 'caseIndex' | 'caseId' | 'point'>[]): Study {
  const metrics = def.metrics.map((name) => findMetric(name)).filter((m): m is MetricDef => m !== undefined);
  return {
    name: def.name,
    description: def.description,
    file: null,
    fileHash: def.fileHash,
    seed: def.seed,
    seeds: def.seeds,
    replications: def.replications,
    base: { doc: null, label: def.label, baseDir: localDir(def.baseDir) },
    dimensions: def.dimensions.map((d) => ({ ...d, segments: [] })),
    metrics,
    table: def.table,
    cases: cases.map((c) => ({ index: c.caseIndex, caseId: c.caseId, point: c.point, doc: null, seeds: [] })),
  };
}
