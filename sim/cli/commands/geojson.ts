/**
 * `qkdsim geojson SCENARIO`: a scenario's ground tracks, footprints and placed network as GeoJSON
 * (RFC 7946) on standard output, for QGIS, geojson.io and other GIS tools. The same adapter serves
 * the dashboard's /api/runs/:id/geojson.
 * @module
 */
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { isoUtc } from '../../orbit/index.js';
import { scenarioGeoJson } from '../../report/geojson.js';
import type { CliIo } from '../io.js';
import { readScenario } from '../input.js';
import { FlagIssues, parseIsoUtc } from '../options.js';

interface GeoJsonFlags {
  from?: string;
  to?: string;
  hours?: string;
  step: string;
  footprintEvery: string;
}

/** Most track points per satellite in one file. */
const MAX_POINTS = 100_000;

/** Registers `qkdsim geojson`. */
export function registerGeoJson(program: Command, io: CliIo): void {
  program
    .command('geojson')
    .description('ground tracks, footprints and the network of a scenario as GeoJSON (RFC 7946)')
    .argument('<file>', 'scenario file (- for standard input)')
    .option('--from <iso>', 'track start, ISO 8601 UTC (default: the scenario start)')
    .option('--to <iso>', 'track end, ISO 8601 UTC (default: 3 hours after --from, within the scenario)')
    .option('--hours <n>', 'track length in hours (instead of --to)')
    .option('--step <s>', 'seconds between track points, 1 to 3600', '60')
    .option('--footprint-every <n>', 'a footprint every n track points (0: none)', '10')
    .action(async (file: string, flags: GeoJsonFlags) => {
      const issues = new FlagIssues();
      const stepS = issues.number('--step', flags.step, { min: 1, max: 3600 });
      const every = issues.number('--footprint-every', flags.footprintEvery, { integer: true, min: 0, max: 1_000_000 });
      if (flags.hours !== undefined && flags.to !== undefined) issues.add({ file: '--hours', message: 'give either --hours or --to, not both' });
      const hours = issues.number('--hours', flags.hours, { minExclusive: 0, max: 24 * 366 });
      const fromGiven = flags.from === undefined ? undefined : issues.attempt(() => parseIsoUtc('--from', flags.from));
      const toGiven = flags.to === undefined ? undefined : issues.attempt(() => parseIsoUtc('--to', flags.to));
      issues.throwIfAny();
      const scenario = await readScenario(io, file, {});
      const fromMs = fromGiven ?? scenario.startUtcMs;
      const toMs = toGiven ?? (hours !== undefined ? fromMs + Math.round(hours * 3_600_000) : Math.min(scenario.endUtcMs, fromMs + 3 * 3_600_000));
      const stepMs = Math.round(stepS! * 1000);
      if (!(toMs > fromMs)) throw new InputError({ file: '--to', message: `expected a time after ${isoUtc(fromMs)}, got ${isoUtc(toMs)}` });
      const points = Math.floor((toMs - fromMs) / stepMs) + 2;
      if (points > MAX_POINTS) throw new InputError({ file: '--step', message: `expected at most ${MAX_POINTS} track points per satellite, got ${points} (widen --step or shorten the window)` });
      io.out(`${JSON.stringify(scenarioGeoJson(scenario, { fromMs, toMs, stepMs, footprintEvery: every! }))}\n`);
    });
}
