/**
 * The cases of a study: the cartesian product of its sweep dimensions (the first dimension varies
 * slowest), each case a scenario document (the base with the case's values set) and one seed per
 * replication, derived from the study seed so that results never depend on which worker ran what.
 * @module
 */
import { createHash } from 'node:crypto';
import type { CatalogStation } from '../scenario/stations.js';
import { setAtPath, type PathSegment } from './paths.js';
import type { DownlinkTemplate } from './schema.js';

/** The path of the dimension that adds a station to the scenario. */
export const ADD_STATION = 'stations+';
/** The `stations+` value that adds nothing (the baseline). */
export const NO_STATION = 'none';

/** One sweep dimension, checked. */
export interface StudyDimension {
  /** Column and axis name. */
  readonly name: string;
  /** `set`: values go to paths; `addStation`: each value is a station to add (or `none`). */
  readonly kind: 'set' | 'addStation';
  /** The paths it sets (`['stations+']` for addStation), as written and parsed. */
  readonly paths: readonly string[];
  readonly segments: readonly (readonly PathSegment[])[];
  /** Its values; with several paths, each value is a list with one entry per path. */
  readonly values: readonly unknown[];
}

/** What adding a station needs: the candidates and the downlinks to add with each. */
export interface StationAdditions {
  readonly candidates: readonly CatalogStation[];
  readonly downlinks: readonly DownlinkTemplate[];
}

/** One case: a parameter point with its scenario document and one seed per replication. */
export interface StudyCase {
  /** 0-based position in the study. */
  readonly index: number;
  /** `c001`, `c002`, ... in study order. */
  readonly caseId: string;
  /** The point: path (or `stations+`) -> value. */
  readonly point: Readonly<Record<string, unknown>>;
  readonly doc: unknown;
  readonly seeds: readonly number[];
}

/**
 * A 31-bit seed from SHA-256 of (study seed, point, replication). With `common` seeds the point is
 * left out, so replication r has the same seed, and the same weather draws, at every point.
 */
export function caseSeed(studySeed: number, pointKey: string, replication: number): number {
  const digest = createHash('sha256').update(`${studySeed}\u0000${pointKey}\u0000${replication}`).digest();
  return digest.readUInt32BE(0) & 0x7fffffff;
}

/** The entries a `stations+` value adds: the station (inline for a candidate, else a catalogue id) and its downlinks. */
function addStation(doc: Record<string, unknown>, value: string, additions: StationAdditions): Record<string, unknown> {
  if (value === NO_STATION) return doc;
  const c = additions.candidates.find((s) => s.id === value);
  // A candidate's weather follows the scenario's: its clear-night fraction counts only with
  // `weather: catalogue`, as the catalogue stations' do.
  const weather = doc.weather === 'catalogue' && c?.clearNightProbability !== undefined ? { weather: { clearProbability: c.clearNightProbability } } : {};
  const station = c
    ? { id: c.id, name: c.name, latDeg: c.latDeg, lonDeg: c.lonDeg, altM: c.altM, ...(c.receiveApertureM !== undefined ? { receiveApertureM: c.receiveApertureM } : {}), ...weather }
    : value;
  const links = additions.downlinks.map((t) => ({ kind: 'downlink', ...t, station: value }));
  return {
    ...doc,
    stations: [...((doc.stations as unknown[] | undefined) ?? []), station],
    links: [...((doc.links as unknown[] | undefined) ?? []), ...links],
  };
}

/**
 * The base document with one value of a dimension applied, or a message saying why it cannot be
 * (a list index beyond the base's list).
 */
export function applyValue(doc: unknown, dim: StudyDimension, value: unknown, additions: StationAdditions | null): { doc: unknown } | { error: string } {
  if (dim.kind === 'addStation') return { doc: addStation(doc as Record<string, unknown>, String(value), additions!) };
  let current = doc;
  for (let k = 0; k < dim.segments.length; k++) {
    const v = dim.segments.length === 1 ? value : (value as readonly unknown[])[k];
    const next = setAtPath(current, dim.segments[k]!, v);
    if ('error' in next) return next;
    current = next.doc;
  }
  return { doc: current };
}

/** The point of one value of a dimension: path -> value. */
function pointOf(dim: StudyDimension, value: unknown): Record<string, unknown> {
  if (dim.paths.length === 1) return { [dim.paths[0]!]: value };
  return Object.fromEntries(dim.paths.map((p, k) => [p, (value as readonly unknown[])[k]]));
}

/**
 * Every case of a study, in order. A combination that cannot be applied (should not happen after
 * per-value checks) keeps the base document and fails when loaded.
 */
export function expandCases(
  base: unknown,
  dims: readonly StudyDimension[],
  additions: StationAdditions | null,
  seeding: { readonly seed: number; readonly seeds: 'independent' | 'common'; readonly replications: number },
): StudyCase[] {
  const total = dims.reduce((n, d) => n * d.values.length, 1);
  const width = Math.max(3, String(total).length);
  const out: StudyCase[] = [];
  for (let index = 0; index < total; index++) {
    // Mixed-radix digits of the index, the last dimension varying fastest.
    let rest = index;
    const picks: number[] = [];
    for (let d = dims.length - 1; d >= 0; d--) {
      picks[d] = rest % dims[d]!.values.length;
      rest = Math.floor(rest / dims[d]!.values.length);
    }
    let doc = base;
    let point: Record<string, unknown> = {};
    dims.forEach((dim, d) => {
      const value = dim.values[picks[d]!];
      const applied = applyValue(doc, dim, value, additions);
      if ('doc' in applied) doc = applied.doc;
      point = { ...point, ...pointOf(dim, value) };
    });
    const key = seeding.seeds === 'common' ? '' : JSON.stringify(Object.entries(point));
    out.push({
      index,
      caseId: `c${String(index + 1).padStart(width, '0')}`,
      point,
      doc,
      seeds: Array.from({ length: seeding.replications }, (_, r) => caseSeed(seeding.seed, key, r)),
    });
  }
  return out;
}
