/**
 * `qkdsim ephemeris`: SGP4 states of satellites over a span, as a CCSDS OEM (KVN, TEME; for GMAT,
 * STK, Orekit) or CSV, to standard output or one file per satellite in a folder. The span and the
 * step are bounded before any propagation.
 * @module
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../errors.js';
import { DAY_MS, ephemerisSegments, floorToUtcDay, formatOem, isoUtc, satellitesFromSets, type OemSegment, type Satellite } from '../../orbit/index.js';
import { formatCsv } from '../../report/format.js';
import type { CliIo } from '../io.js';
import { readElementSets } from '../input.js';
import { FlagIssues, parseChoice, parseIsoUtc } from '../options.js';

interface EphemerisFlags {
  tle?: string;
  satellite?: string[];
  start?: string;
  days?: string;
  end?: string;
  step: string;
  format: string;
  out?: string;
}

/** Longest span, days, and most states written by one command (about 100 MB of OEM). */
const MAX_SPAN_DAYS = 366;
export const MAX_EPHEMERIS_STATES = 1_000_000;

/** The satellites `--satellite` names (name, case-insensitive, or catalogue number), all when none. */
function choose(all: readonly Satellite[], wanted: readonly string[] | undefined): Satellite[] {
  if (!wanted?.length) return [...all];
  return wanted.map((w) => {
    const found = all.find((s) => s.name.toLowerCase() === w.trim().toLowerCase() || Number(s.catalogNumber) === Number(w));
    if (!found) throw new InputError({ file: '--satellite', message: `expected a satellite of the element-set file (${all.map((s) => `${s.name} (${s.catalogNumber.trim()})`).join(', ')}), got ${JSON.stringify(w)}` });
    return found;
  });
}

/** A file name from a satellite name: letters, digits and dashes. */
const fileStem = (s: Satellite): string => `${s.catalogNumber.trim()}-${s.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;

/** CSV rows of the segments (a `segment` column tells the element sets apart). */
function ephemerisCsv(segments: readonly OemSegment[]): string {
  const rows = segments.flatMap((seg, k) =>
    seg.states.map((s) => ({
      satellite: seg.objectName, segment: k, time: isoUtc(s.utcMs),
      xKm: s.posKm[0].toFixed(6), yKm: s.posKm[1].toFixed(6), zKm: s.posKm[2].toFixed(6),
      vxKmPerS: s.velKmPerS[0].toFixed(9), vyKmPerS: s.velKmPerS[1].toFixed(9), vzKmPerS: s.velKmPerS[2].toFixed(9),
    })),
  );
  return formatCsv(rows, ['satellite', 'segment', 'time', 'xKm', 'yKm', 'zKm', 'vxKmPerS', 'vyKmPerS', 'vzKmPerS']);
}

/** CREATION_DATE: now, or SOURCE_DATE_EPOCH (seconds) when set, for reproducible files. */
function creationUtcMs(): number {
  const fixed = Number(process.env.SOURCE_DATE_EPOCH);
  return process.env.SOURCE_DATE_EPOCH !== undefined && Number.isFinite(fixed) ? fixed * 1000 : Date.now(); // wall-clock: allowed here (file header only)
}

/** Registers `qkdsim ephemeris`. */
export function registerEphemeris(program: Command, io: CliIo): void {
  program
    .command('ephemeris')
    .description('satellite states over a span (SGP4, TEME) as CCSDS OEM or CSV')
    .option('--tle <file>', 'TLE or OMM (JSON, XML, KVN) file, - for standard input (default: the bundled Micius sets)')
    .option('--satellite <name...>', 'only these satellites (name or catalogue number)')
    .option('--start <iso>', 'span start, ISO 8601 UTC (default: first element-set epoch floored to 00:00 UTC)')
    .option('--days <n>', `span length in days, at most ${MAX_SPAN_DAYS} (default 1)`)
    .option('--end <iso>', 'span end, ISO 8601 UTC (instead of --days)')
    .option('--step <s>', 'seconds between states, 0.001 to 86400', '60')
    .option('--format <fmt>', 'oem | csv', 'oem')
    .option('--out <dir>', 'write one file per satellite into this folder (needed for OEM of several satellites)')
    .addHelpText('after', '\nOEM: CCSDS 502.0-B-3 KVN, REF_FRAME = TEME (the frame of SGP4), TIME_SYSTEM = UTC, one segment per element set used.')
    .action(async (flags: EphemerisFlags) => {
      const issues = new FlagIssues();
      const format = issues.attempt(() => parseChoice('--format', flags.format, ['oem', 'csv'] as const));
      const stepS = issues.number('--step', flags.step, { min: 0.001, max: 86_400 });
      if (flags.days !== undefined && flags.end !== undefined) issues.add({ file: '--days', message: 'give either --days or --end, not both' });
      const days = flags.days === undefined ? 1 : issues.number('--days', flags.days, { minExclusive: 0, max: MAX_SPAN_DAYS });
      const startGiven = flags.start === undefined ? undefined : issues.attempt(() => parseIsoUtc('--start', flags.start));
      const endGiven = flags.end === undefined ? undefined : issues.attempt(() => parseIsoUtc('--end', flags.end));
      issues.throwIfAny();
      const sats = choose(satellitesFromSets(await readElementSets(io, flags.tle)), flags.satellite);
      const startMs = startGiven ?? floorToUtcDay(Math.min(...sats.map((s) => s.sets[0]!.epochUtcMs)));
      const endMs = endGiven ?? startMs + Math.round(days! * DAY_MS);
      const stepMs = Math.round(stepS! * 1000);
      if (!(endMs > startMs)) throw new InputError({ file: '--end', message: `expected a time after the start (${isoUtc(startMs)}), got ${flags.end}` });
      if (endMs - startMs > MAX_SPAN_DAYS * DAY_MS) throw new InputError({ file: '--end', message: `expected a span of at most ${MAX_SPAN_DAYS} days` });
      const states = sats.length * (Math.floor((endMs - startMs) / stepMs) + 2);
      if (states > MAX_EPHEMERIS_STATES) {
        throw new InputError({ file: '--step', message: `expected at most ${MAX_EPHEMERIS_STATES} states, got ${states} (${sats.length} satellite(s)); widen --step or shorten the span` });
      }
      if (format === 'oem' && sats.length > 1 && flags.out === undefined) {
        throw new InputError({ file: '--out', message: `expected a folder for the OEM of ${sats.length} satellites (one object per OEM, CCSDS 502.0-B-3 5.1.3), or one --satellite` });
      }
      const created = creationUtcMs();
      const texts = sats.map((sat) => {
        const segments = ephemerisSegments(sat, startMs, endMs, stepMs);
        return format === 'oem' ? formatOem({ creationUtcMs: created, originator: 'QKDSIM', segments }) : ephemerisCsv(segments);
      });
      if (flags.out === undefined) return io.out(format === 'csv' ? texts.map((t, i) => (i === 0 ? t : t.slice(t.indexOf('\n') + 1))).join('') : texts[0]!);
      const dir = resolve(io.cwd, flags.out);
      mkdirSync(dir, { recursive: true });
      sats.forEach((sat, i) => writeFileSync(join(dir, `${fileStem(sat)}.${format}`), texts[i]!));
      io.out(`wrote ${sats.map((s) => `${fileStem(s)}.${format}`).join(', ')} to ${dir}\n`);
    });
}
