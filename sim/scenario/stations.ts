/**
 * Ground stations: the one description of a station (where it is, its telescope, its key mask and
 * night threshold, its clear nights), shared by the bundled catalogue (scenarios/stations.yaml),
 * station files, study candidates and the stations written inline in a scenario; and the one rule
 * that turns a station into its downlinks' parameters ({@link stationDownlinkParams}: the station's
 * own values replace the preset's, a link's `params` replace both). The ranges of the telescope and
 * window fields are those of the downlink parameter table (links/params.ts).
 * @module
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { packagePath } from '../package-root.js';
import { parseDocument, zodIssues } from '../validation.js';
import type { DownlinkParams } from '../links/free-space.js';
import { DOWNLINK_ONLY_PARAMS } from '../links/params.js';
import { rangedNumber } from './bounds.js';
import type { Station } from '../orbit/look.js';

/** Path of the bundled station catalogue. */
export const CATALOG_PATH = packagePath('scenarios', 'stations.yaml');

/** Station ids: lower-case letters, digits and dashes, starting with a letter. */
export const STATION_ID = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes, starting with a letter');

/** A zod number with a parameter's range from the downlink table (the same rule as a link's params). */
function downlinkParamField(name: 'receiveApertureM' | 'keyMaskDeg' | 'sunMaxElevationDeg'): z.ZodNumber {
  const spec = DOWNLINK_ONLY_PARAMS.find((p) => p.name === name)!;
  return rangedNumber(spec.range).describe(`${spec.help}${spec.unit ? `, ${spec.unit}` : ''}`);
}

/** Where a station is (WGS-84). */
export const STATION_POSITION = {
  latDeg: z.number().min(-90).max(90),
  lonDeg: z.number().min(-180).lt(360),
  altM: z.number().min(-500).max(9000),
};

/**
 * A station's own downlink values: they replace the preset's for every downlink to it. The night
 * threshold was called `nightSunMaxDeg` before; that name is still accepted.
 */
export const STATION_DOWNLINK = {
  receiveApertureM: downlinkParamField('receiveApertureM').optional(),
  keyMaskDeg: downlinkParamField('keyMaskDeg').optional(),
  sunMaxElevationDeg: downlinkParamField('sunMaxElevationDeg').optional(),
  /** Earlier name of sunMaxElevationDeg. */
  nightSunMaxDeg: downlinkParamField('sunMaxElevationDeg').optional(),
};

/** What a catalogue entry may say about itself beyond position and telescope. */
export const STATION_DESCRIPTION = {
  role: z.string().optional(),
  source: z.string().optional(),
  /** Long-run fraction of nights clear enough for an optical link, in [0, 1]. */
  clearNightProbability: z.number().min(0).max(1).optional(),
  /** Where that fraction comes from, with its tag ([P], [S], [A]...). */
  weatherSource: z.string().optional(),
};

/** Schema of one catalogue (or station file, or study candidate) entry. Unknown fields are errors. */
export const CatalogStationSchema = z.strictObject({
  id: STATION_ID,
  name: z.string().min(1),
  ...STATION_POSITION,
  ...STATION_DOWNLINK,
  ...STATION_DESCRIPTION,
});

/** A catalogue station: position plus descriptive fields. */
export type CatalogStation = z.infer<typeof CatalogStationSchema> & Station;

/** A station's own downlink values (any of them may be absent). */
export interface StationDownlink {
  readonly receiveApertureM?: number | undefined;
  readonly keyMaskDeg?: number | undefined;
  readonly sunMaxElevationDeg?: number | undefined;
  readonly nightSunMaxDeg?: number | undefined;
}

/** The station's own downlink values that are set, under their current names. */
export function stationDownlinkValues(station: StationDownlink): Partial<Pick<DownlinkParams, 'receiveApertureM' | 'keyMaskDeg' | 'sunMaxElevationDeg'>> {
  const sunMax = station.sunMaxElevationDeg ?? station.nightSunMaxDeg;
  return {
    ...(station.receiveApertureM !== undefined ? { receiveApertureM: station.receiveApertureM } : {}),
    ...(station.keyMaskDeg !== undefined ? { keyMaskDeg: station.keyMaskDeg } : {}),
    ...(sunMax !== undefined ? { sunMaxElevationDeg: sunMax } : {}),
  };
}

/**
 * The parameters of a downlink to a station: the preset's (`base`), then the station's own values,
 * then the link's explicit overrides (`linkParams`, applied last). Used by runs (scenario loading),
 * `qkdsim passes --key` and studies, so a station means the same everywhere.
 */
export function stationDownlinkParams(base: DownlinkParams, station: StationDownlink | null, linkParams: Partial<DownlinkParams> = {}): DownlinkParams {
  return { ...base, ...(station ? stationDownlinkValues(station) : {}), ...linkParams };
}


/**
 * Parses and validates a station list.
 * @param file label for messages
 * @throws InputError naming `[i].field` for each problem, and duplicate ids
 */
export function parseStations(text: string, file: string): CatalogStation[] {
  const doc = parseDocument(text, file);
  const result = z.array(CatalogStationSchema).min(1).safeParse(doc, { reportInput: true });
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

/** How the bundled catalogue is named in messages and in report provenance. */
export const CATALOG_LABEL = 'scenarios/stations.yaml';

/** The bundled catalogue of the six Micius ground stations. */
export function loadCatalog(): CatalogStation[] {
  return readCatalog().stations;
}

/** The bundled catalogue and its text (whose hash a report records). */
export function readCatalog(): { stations: CatalogStation[]; text: string } {
  let text: string;
  try {
    text = readFileSync(CATALOG_PATH, 'utf8');
  } catch (error) {
    throw new InputError({ file: CATALOG_LABEL, message: `cannot read station file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  return { stations: parseStations(text, CATALOG_LABEL), text };
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
