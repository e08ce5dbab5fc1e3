/**
 * OEM round trip: qkdsim writes an OEM of Micius, reads it back with its own reader, and every state
 * is compared with SGP4 computed here directly with satellite.js in TEME (not through qkdsim's
 * Satellite or its Earth-fixed rotation), to the metre.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sgp4, twoline2satrec } from 'satellite.js';
import { InputError } from '../../sim/errors.js';
import { ephemerisSegments, formatOem, parseOem, parseTleText, satellitesFromSets, type OemReadSegment } from '../../sim/orbit/index.js';
import { REPO_ROOT, issuesOf } from '../helpers.js';
import { runCli } from '../cli/run-cli.js';

/** Largest position difference accepted, km: the OEM is written to 1 mm; SGP4 itself agrees to rounding. */
const ONE_METRE_KM = 0.001;
/** Velocities are written to 1 um/s; a mm/s is a generous bound. */
const ONE_MM_PER_S_KM = 1e-6;

const MICIUS = parseTleText(readFileSync(join(REPO_ROOT, 'scenarios', 'tle', 'micius.tle'), 'utf8'), 'micius.tle');
const [sat] = satellitesFromSets(MICIUS);
const satrecs = MICIUS.map((s) => twoline2satrec(s.tle!.line1, s.tle!.line2));
/**
 * Unix ms of a TLE epoch from satellite.js's own reading of it (year and day of year; independent of
 * qkdsim's TLE reader). Not from its Julian date: a JD in one double is quantised to 40 us (0.3 m).
 */
const epochMs = (k: number): number => {
  const r = satrecs[k]!;
  return Date.UTC(r.epochyr < 57 ? 2000 + r.epochyr : 1900 + r.epochyr, 0, 1) + (r.epochdays - 1) * 86_400_000;
};

/** The largest differences of a segment's states from satellite.js SGP4 with set k, km and km/s. */
function worst(segment: OemReadSegment, k: number): { posKm: number; velKmPerS: number } {
  let posKm = 0;
  let velKmPerS = 0;
  for (const s of segment.states) {
    const pv = sgp4(satrecs[k]!, (s.utcMs - epochMs(k)) / 60_000);
    if (!pv) throw new Error('sgp4 failed');
    const p = pv.position;
    const v = pv.velocity;
    posKm = Math.max(posKm, Math.hypot(s.posKm[0] - p.x, s.posKm[1] - p.y, s.posKm[2] - p.z));
    velKmPerS = Math.max(velKmPerS, Math.hypot(s.velKmPerS[0] - v.x, s.velKmPerS[1] - v.y, s.velKmPerS[2] - v.z));
  }
  return { posKm, velKmPerS };
}

const roundTrip = suite('formatOem(message) read back by parseOem(text, file)');
roundTrip('one day of Micius every 60 s: every state within 1 m of satellite.js SGP4 (TEME)', () => {
  const from = Date.UTC(2016, 11, 19);
  const text = formatOem({ creationUtcMs: Date.UTC(2024, 0, 1), originator: 'QKDSIM', segments: ephemerisSegments(sat!, from, from + 86_400_000, 60_000) });
  const oem = parseOem(text, 'micius.oem');
  assert.is(oem.header.CCSDS_OEM_VERS, '3.0');
  assert.is(oem.segments.length, 1);
  const seg = oem.segments[0]!;
  assert.equal([seg.metadata.REF_FRAME, seg.metadata.CENTER_NAME, seg.metadata.TIME_SYSTEM, seg.metadata.OBJECT_ID], ['TEME', 'EARTH', 'UTC', '2016-051A']);
  assert.is(seg.states.length, 1441);
  assert.is(seg.states[0]!.utcMs, from);
  assert.is(seg.states[1440]!.utcMs, from + 86_400_000);
  const w = worst(seg, 0);
  assert.ok(w.posKm < ONE_METRE_KM, `position off by ${w.posKm * 1000} m`);
  assert.ok(w.velKmPerS < ONE_MM_PER_S_KM, `velocity off by ${w.velKmPerS * 1e6} mm/s`);
  // The measured difference is the print rounding (0.5 mm per axis at most).
  assert.ok(w.posKm < 1e-6 * Math.sqrt(3) * 0.5 + 1e-9, `position off by ${w.posKm * 1e6} mm`);
});
roundTrip('a span across the switch between two element sets has two segments, each from its own set', () => {
  const switchMs = (MICIUS[0]!.epochUtcMs + MICIUS[1]!.epochUtcMs) / 2;
  const from = Math.floor(switchMs / 3_600_000) * 3_600_000 - 3_600_000;
  const oem = parseOem(formatOem({ creationUtcMs: 0, originator: 'QKDSIM', segments: ephemerisSegments(sat!, from, from + 3 * 3_600_000, 300_000) }), 'x.oem');
  assert.is(oem.segments.length, 2);
  const [a, b] = oem.segments as [OemReadSegment, OemReadSegment];
  assert.is(a.states[a.states.length - 1]!.utcMs, Math.ceil(switchMs));
  assert.is(b.states[0]!.utcMs, Math.ceil(switchMs));
  assert.ok(worst(a, 0).posKm < ONE_METRE_KM && worst(b, 1).posKm < ONE_METRE_KM);
  // The two sets, 21 months apart, disagree by far more than a metre at the switch: hence two segments.
  assert.ok(worst(a, 1).posKm > 1);
});
roundTrip.run();

const reader = suite('parseOem(text, file) on bad input');
reader('names the line of each problem', () => {
  const good = formatOem({ creationUtcMs: 0, originator: 'QKDSIM', segments: ephemerisSegments(sat!, Date.UTC(2016, 11, 19), Date.UTC(2016, 11, 19, 0, 3), 60_000) });
  const [first, second] = good.split('\n').filter((l) => l.startsWith('2016-12-19T00:0'));
  const bad = good.replace('OBJECT_ID = 2016-051A\n', '').replace(first!, '2016-12-19T00:00:00.000 1 2 3').replace(`${second}\n`, `${second}\n${second}\n`);
  assert.equal(issuesOf(() => parseOem(bad, 'bad.oem')), [
    'bad.oem:15: metadata of the segment from line 5 lacks OBJECT_ID (CCSDS 502.0-B-3 table 5-3)',
    'bad.oem:17: expected an epoch and 6 (or 9) numbers, got 4 items',
    'bad.oem:19: expected epochs in increasing order within a segment',
  ]);
  assert.throws(() => parseOem('META_START\n', 'x.oem'), (e: unknown) => e instanceof InputError);
});
reader.run();

const cli = suite('qkdsim ephemeris');
cli('--format oem prints an OEM the reader takes back; bad flags exit 2 naming them', async () => {
  const r = await runCli('ephemeris', '--start', '2016-12-19T00:00:00Z', '--days', '0.25', '--step', '30');
  assert.is(r.code, 0, r.err);
  const oem = parseOem(r.out, 'stdout');
  assert.is(oem.segments[0]!.states.length, 721);
  assert.ok(worst(oem.segments[0]!, 0).posKm < ONE_METRE_KM);
  const csv = await runCli('ephemeris', '--start', '2016-12-19T00:00:00Z', '--days', '0.01', '--format', 'csv');
  assert.is(csv.out.split('\n')[0], 'satellite,segment,time,xKm,yKm,zKm,vxKmPerS,vyKmPerS,vzKmPerS');
  const big = await runCli('ephemeris', '--days', '366', '--step', '1');
  assert.is(big.code, 2);
  assert.match(big.err, /^qkdsim: --step: expected at most 1000000 states, got 31622402/);
  const bad = await runCli('ephemeris', '--step', '0', '--format', 'xml');
  assert.is(bad.code, 2);
  assert.is(bad.err, 'qkdsim: --format: expected one of oem, csv, got "xml"\nqkdsim: --step: expected a number in [0.001, 86400], got "0"\n');
});
cli.run();
