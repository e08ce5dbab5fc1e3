/**
 * `qkdsim passes`: pass windows of the satellites in a TLE file over ground stations.
 * @module
 */
import type { Command } from 'commander';
import {
  BUNDLED_TLE_PATH,
  DAY_MS,
  Observer,
  findPasses,
  floorToUtcDay,
  loadElementSets,
  parseElementSets,
  samplePass,
  satellitesFromSets,
  type Pass,
  type Satellite,
} from '../../orbit/index.js';
import { loadCatalog, loadStations, parseStations, selectStations, type CatalogStation } from '../../scenario/stations.js';
import { DEFAULT_DOWNLINK_PRESET, getPreset, keyForPass, keyWindowOptions, type DownlinkParams } from '../../links/index.js';
import { PASS_KEY_CSV_KEYS, passKeyColumns, passKeyRecord, passKeySummary, passRecord, passesCsv, passesTable } from '../../report/passes.js';
import type { CliIo } from '../io.js';
import { FlagIssues, parseChoice, parseIsoUtc, type NumberBounds } from '../options.js';
import { STDIN_ARG, STDIN_LABEL, checkOneStdin, stdinText } from '../input.js';
import { MAX_ELEMENT_SET_BYTES } from '../../scenario/file-access.js';
import { MAX_DOCUMENT_BYTES } from '../../validation.js';

/** Options as commander hands them over (strings until checked). */
interface PassesFlags {
  tle?: string;
  stations?: string;
  station?: string[];
  start?: string;
  days?: string;
  end?: string;
  minElevation: string;
  keyMask?: string;
  sunMaxElevation?: string;
  samples?: string;
  format: string;
  key?: boolean;
  preset?: string;
}

/** Checked inputs of a pass search. */
export interface PassesRequest {
  readonly satellites: Satellite[];
  readonly observers: Observer[];
  /** The chosen stations as read (with receive apertures where known). */
  readonly stations: CatalogStation[];
  readonly startMs: number;
  readonly endMs: number;
  readonly minElevationDeg: number;
  readonly keyMaskDeg: number;
  readonly sunMaxElevationDeg: number;
  readonly samplesStepMs: number | null;
  readonly format: 'table' | 'json' | 'csv';
  /** Downlink parameters when key per pass was asked for (`--key`). */
  readonly link: DownlinkParams | null;
}

const MAX_DAYS = 3660;

/** File contents already read from standard input (for `--tle -` or `--stations -`). */
export interface PassesInputs {
  readonly tleText?: string;
  readonly stationsText?: string;
}

/** Checks every flag, collecting all problems before failing. */
export function parsePassesFlags(flags: PassesFlags, inputs: PassesInputs = {}): PassesRequest {
  const flagIssues = new FlagIssues();
  const num = (flag: string, raw: string | undefined, bounds: NumberBounds): number => flagIssues.number(flag, raw, bounds) ?? Number.NaN;
  const attempt = <T>(fn: () => T): T | undefined => flagIssues.attempt(fn);
  const issues = flagIssues.issues;
  const format = attempt(() => parseChoice('--format', flags.format, ['table', 'json', 'csv'] as const));
  if (flags.preset !== undefined && !flags.key) issues.push({ file: '--preset', message: 'only applies with --key' });
  const link = flags.key ? attempt(() => getPreset(flags.preset ?? DEFAULT_DOWNLINK_PRESET, 'downlink', '--preset').params) ?? null : null;
  const minElevationDeg = num('--min-elevation', flags.minElevation, { min: 0, max: 89 });
  // With --key the preset's night threshold and key mask apply unless given explicitly.
  const sunMaxElevationDeg =
    flags.sunMaxElevation === undefined ? (link?.sunMaxElevationDeg ?? -12) : num('--sun-max-elevation', flags.sunMaxElevation, { min: -90, max: 90 });
  const keyMaskDeg =
    flags.keyMask === undefined ? (link ? keyWindowOptions(link).keyMaskDeg : minElevationDeg) : num('--key-mask', flags.keyMask, { min: 0, max: 90 });
  const samplesS = flags.samples === undefined ? null : num('--samples', flags.samples, { minExclusive: 0, max: 3600 });
  if (flags.days !== undefined && flags.end !== undefined) issues.push({ file: '--days', message: 'give either --days or --end, not both' });
  const days = flags.days === undefined ? 7 : num('--days', flags.days, { minExclusive: 0, max: MAX_DAYS });

  const sets = attempt(() =>
    inputs.tleText !== undefined ? parseElementSets(inputs.tleText, STDIN_LABEL) : flags.tle ? loadElementSets(flags.tle) : loadElementSets(BUNDLED_TLE_PATH, 'scenarios/tle/micius.tle'),
  );
  const catalog = attempt(() => (inputs.stationsText !== undefined ? parseStations(inputs.stationsText, STDIN_LABEL) : flags.stations ? loadStations(flags.stations) : loadCatalog()));
  const chosen = catalog && flags.station?.length ? attempt(() => selectStations(catalog, flags.station!, '--station')) : catalog;

  const firstEpoch = sets ? Math.min(...sets.map((s) => s.epochUtcMs)) : Number.NaN;
  const startMs = flags.start !== undefined ? attempt(() => parseIsoUtc('--start', flags.start)) : floorToUtcDay(firstEpoch);
  const endMs = flags.end !== undefined ? attempt(() => parseIsoUtc('--end', flags.end)) : (startMs ?? Number.NaN) + days * DAY_MS;
  if (startMs !== undefined && endMs !== undefined && Number.isFinite(startMs) && Number.isFinite(endMs)) {
    if (endMs <= startMs) issues.push({ file: '--end', message: `expected a time after --start, got ${flags.end}` });
    else if (endMs - startMs > MAX_DAYS * DAY_MS) issues.push({ file: '--end', message: `expected a span of at most ${MAX_DAYS} days` });
  }
  flagIssues.throwIfAny();
  return {
    satellites: satellitesFromSets(sets!),
    observers: chosen!.map((s) => new Observer(s)),
    stations: chosen!,
    startMs: startMs!,
    endMs: endMs!,
    minElevationDeg,
    keyMaskDeg,
    sunMaxElevationDeg,
    samplesStepMs: samplesS === null ? null : Math.round(samplesS * 1000),
    format: format!,
    link: link && { ...link, keyMaskDeg, sunMaxElevationDeg },
  };
}

/** Runs the search for a checked request (warnings go to `warn`). */
export function runPasses(req: PassesRequest, warn: (text: string) => void): Pass[] {
  for (const sat of req.satellites) for (const w of sat.epochWarnings(req.startMs, req.endMs)) warn(w);
  return findPasses(req.satellites, req.observers, req.startMs, req.endMs, {
    minElevationDeg: req.minElevationDeg,
    keyMaskDeg: req.keyMaskDeg,
    sunMaxElevationDeg: req.sunMaxElevationDeg,
  });
}

/**
 * The link as seen by one station: its own receive aperture when the catalogue gives one (the
 * preset's fitted losses were fitted for the preset's own aperture; see sim/links/README.md).
 */
export function stationLink(link: DownlinkParams, station: { receiveApertureM?: number }): DownlinkParams {
  return station.receiveApertureM === undefined ? link : { ...link, receiveApertureM: station.receiveApertureM };
}

/** Registers `qkdsim passes`. */
export function registerPasses(program: Command, io: CliIo): void {
  program
    .command('passes')
    .description('pass windows (rise, culmination, set) of satellites over ground stations')
    .option('--tle <file>', 'TLE (2- or 3-line) or OMM (JSON, XML, KVN) file, - for standard input (default: the bundled Micius sets)')
    .option('--stations <file>', 'station list, YAML or JSON of {id, name, latDeg, lonDeg, altM}, - for standard input (default: the bundled catalogue)')
    .option('--station <id...>', 'only these station ids (repeatable)')
    .option('--start <iso>', 'window start, ISO 8601 UTC (default: first TLE epoch floored to 00:00 UTC)')
    .option('--days <n>', 'window length in days (default 7)')
    .option('--end <iso>', 'window end, ISO 8601 UTC (instead of --days)')
    .option('--min-elevation <deg>', 'elevation mask defining a pass, degrees', '10')
    .option('--key-mask <deg>', 'elevation above which key can be made, degrees (default: the mask, or the preset\'s with --key)')
    .option('--sun-max-elevation <deg>', 'night = Sun below this elevation, degrees (default -12, or the preset\'s with --key)')
    .option('--key', 'add the secret key of each pass (downlink model over the key window)')
    .option('--preset <name>', `downlink preset for --key (default ${DEFAULT_DOWNLINK_PRESET})`)
    .option('--samples <s>', 'add geometry samples every <s> seconds to each pass (json only)')
    .option('--format <fmt>', 'table | json | csv', 'table')
    .action(async (flags: PassesFlags) => {
      checkOneStdin({ '--tle': flags.tle, '--stations': flags.stations });
      const req = parsePassesFlags(flags, {
        ...(flags.tle === STDIN_ARG ? { tleText: await stdinText(io, MAX_ELEMENT_SET_BYTES) } : {}),
        ...(flags.stations === STDIN_ARG ? { stationsText: await stdinText(io, MAX_DOCUMENT_BYTES) } : {}),
      });
      const passes = runPasses(req, (w) => io.err(`qkdsim: warning: ${w}\n`));
      const satByName = new Map(req.satellites.map((s) => [s.name, s]));
      const obsById = new Map(req.observers.map((o) => [o.station.id, o]));
      const sample = (p: Pass) =>
        req.samplesStepMs && req.format === 'json' ? samplePass(satByName.get(p.satellite)!, obsById.get(p.station)!, p.riseMs, p.setMs, req.samplesStepMs) : undefined;
      if (!req.link) {
        const records = passes.map((p) => passRecord(p, sample(p)));
        if (req.format === 'json') io.out(JSON.stringify(records, null, 2) + '\n');
        else if (req.format === 'csv') io.out(passesCsv(records));
        else io.out(passesTable(records) + `${records.length} passes\n`);
        return;
      }
      const link = req.link;
      const stationById = new Map(req.stations.map((st) => [st.id, st]));
      const records = passes.map((p) => {
        const obs = obsById.get(p.station)!;
        const key = keyForPass(satByName.get(p.satellite)!, obs, p, stationLink(link, stationById.get(p.station)!));
        return { ...passRecord(p, sample(p)), ...passKeyRecord(key) };
      });
      if (req.format === 'json') io.out(JSON.stringify(records, null, 2) + '\n');
      else if (req.format === 'csv') io.out(passesCsv(records, PASS_KEY_CSV_KEYS));
      else io.out(passesTable(records, passKeyColumns()) + `${records.length} passes\n` + passKeySummary(records));
    });
}
