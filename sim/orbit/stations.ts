/**
 * Ground-station lists: the bundled catalogue (scenarios/stations.yaml) and user files in YAML or
 * JSON, each a list of `{id, name, latDeg, lonDeg, altM}` with optional descriptive fields.
 * @module
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { parseDocument, zodIssues } from '../validation.js';
import type { Station } from './look.js';

/** Path of the bundled station catalogue. */
export const CATALOG_PATH = packagePath('scenarios', 'stations.yaml');

/** Station ids: lower-case letters, digits and dashes, starting with a letter. */
export const STATION_ID = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');

/** Schema of one station entry. Unknown fields are errors (typos must not pass silently). */
export const StationSchema = z.strictObject({
  id: STATION_ID,
  name: z.string().min(1),
  latDeg: z.number().min(-90).max(90),
  lonDeg: z.number().min(-180).lt(360),
  altM: z.number().min(-500).max(9000),
  receiveApertureM: z.number().positive().max(20).optional(),
  role: z.string().optional(),
  source: z.string().optional(),
  /** Long-run fraction of nights clear enough for an optical link, in [0, 1]. */
  clearNightProbability: z.number().min(0).max(1).optional(),
  /** Where that fraction comes from, with its tag ([P], [S], [A]...). */
  weatherSource: z.string().optional(),
});

/** A catalogue station: position plus descriptive fields. */
export type CatalogStation = z.infer<typeof StationSchema> & Station;

/**
 * Parses and validates a station list.
 * @param file label for messages
 * @throws InputError naming `[i].field` for each problem, and duplicate ids
 */
export function parseStations(text: string, file: string): CatalogStation[] {
  const doc = parseDocument(text, file);
  const result = z.array(StationSchema).min(1).safeParse(doc, { reportInput: true });
  if (!result.success) throw new InputError(zodIssues(result.error, file));
  const seen = new Set<string>();
  const dupes = result.data.flatMap((s, i) => {
    if (seen.has(s.id)) return [{ file, path: `[${i}].id`, message: `duplicate station id ${JSON.stringify(s.id)}` }];
    seen.add(s.id);
    return [];
  });
  if (dupes.length > 0) throw new InputError(dupes);
  return result.data;
}

/** Reads a station file (YAML or JSON). */
export function loadStations(path: string, label = path): CatalogStation[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError({ file: label, message: `cannot read station file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  return parseStations(text, label);
}

/** The bundled catalogue of the six Micius ground stations. */
export function loadCatalog(): CatalogStation[] {
  return loadStations(CATALOG_PATH, 'scenarios/stations.yaml');
}

/**
 * Picks stations by id, in the order asked.
 * @throws InputError naming unknown ids and listing the known ones
 */
export function selectStations<T extends Station>(all: readonly T[], ids: readonly string[], label: string): T[] {
  const byId = new Map(all.map((s) => [s.id, s]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw new InputError(
      unknown.map((id) => ({ file: label, message: `unknown station ${JSON.stringify(id)} (known: ${[...byId.keys()].join(', ')})` })),
    );
  }
  return ids.map((id) => byId.get(id)!);
}
