/**
 * Ephemerides as CCSDS Orbit Ephemeris Messages in KVN (CCSDS 502.0-B-3 section 5), for checking
 * qkdsim's orbits in GMAT, STK or Orekit. One message per satellite (5.1.3: one object per OEM),
 * one segment (META_START ... data lines) per element set used: a satellite with sets of several
 * epochs switches set halfway between epochs (propagate.ts), a jump no interpolator should smooth
 * over, which is what a new metadata block says (5.2.4.6).
 *
 * Frame: REF_FRAME = TEME, CENTER_NAME = EARTH, TIME_SYSTEM = UTC: the states are SGP4's own
 * (teme.ts), not converted. 502.0-B-3 4.2.4.9 reserves TEME for data that comes from NORAD element
 * sets, which is what these are. A tool that wants another frame converts them itself.
 * @module
 */
import type { Satellite } from './propagate.js';
import { stateTeme } from './teme.js';
import { isoUtc } from './time.js';

/** One state: UTC instant (Unix ms), TEME position (km) and velocity (km/s). */
export interface OemState {
  readonly utcMs: number;
  readonly posKm: readonly [number, number, number];
  readonly velKmPerS: readonly [number, number, number];
}

/** A segment: the states from one element set, with what a reader should know of them. */
export interface OemSegment {
  readonly objectName: string;
  /** International designator (`2016-051A`), or UNKNOWN (5.2.3 table 5-3). */
  readonly objectId: string;
  readonly comments: readonly string[];
  readonly states: readonly OemState[];
}

/** A message: header and segments of one object. */
export interface OemMessage {
  /** ISO 8601 UTC; the caller decides (sim/ reads no wall clock). */
  readonly creationUtcMs: number;
  readonly originator: string;
  readonly segments: readonly OemSegment[];
}

/** Lagrange interpolation of degree 7 (8 nodes): at 60 s steps in LEO its error is far below a millimetre. */
const INTERPOLATION_DEGREE = 7;

/**
 * The states of a satellite every stepMs from fromMs (and at toMs), in TEME, one segment per element
 * set used; a segment ends at the switch time (rounded up to the ms) and the next begins there.
 * Give integer milliseconds: time tags are written to the millisecond.
 * @throws RangeError when stepMs <= 0 or toMs < fromMs; PropagationError when SGP4 fails
 */
export function ephemerisSegments(sat: Satellite, fromMs: number, toMs: number, stepMs: number): OemSegment[] {
  if (!(stepMs > 0)) throw new RangeError(`ephemeris step must be > 0 ms, got ${stepMs}`);
  if (!(toMs >= fromMs)) throw new RangeError(`ephemeris end ${toMs} is before its start ${fromMs}`);
  const state = new Float64Array(6);
  const objectId = sat.sets[0]!.omm?.OBJECT_ID || tleDesignator(sat.sets[0]!.tle?.line1) || 'UNKNOWN';
  const segments = sat.segments(fromMs, Math.max(toMs, fromMs + 1));
  return segments.map((seg, k) => {
    // Switch times are halfway between epochs (fractional ms): rounded up so that every time tag
    // written is the instant computed. Both segments carry the state at the switch, each from its
    // own set (repeated time tags across segments: 5.2.4.4).
    const start = k === 0 ? fromMs : Math.ceil(seg.startMs);
    const end = k === segments.length - 1 ? toMs : Math.ceil(seg.endMs);
    const states: OemState[] = [];
    const push = (t: number): void => {
      stateTeme(sat, t, state, seg.setIndex);
      states.push({ utcMs: t, posKm: [state[0]!, state[1]!, state[2]!], velKmPerS: [state[3]!, state[4]!, state[5]!] });
    };
    push(start);
    for (let t = fromMs + (Math.floor((start - fromMs) / stepMs) + 1) * stepMs; t < end; t += stepMs) push(t);
    if (end > start) push(end);
    const set = sat.sets[seg.setIndex]!;
    return { objectName: sat.name, objectId, comments: [`SGP4 from the element set of epoch ${isoUtc(set.epochUtcMs)} (${set.source.file})`], states };
  });
}

/** `2016-051A` from TLE line 1 columns 10-17 (`16051A  `), or null when blank. */
function tleDesignator(line1: string | undefined): string | null {
  const raw = line1?.slice(9, 17).trim();
  if (!raw || !/^\d{5}[A-Z]{1,3}$/.test(raw)) return null;
  const yy = Number(raw.slice(0, 2));
  return `${yy < 57 ? 2000 + yy : 1900 + yy}-${raw.slice(2)}`;
}

/** CCSDS time tag with milliseconds, no zone letter (7.5.10; UTC is said by TIME_SYSTEM). */
const timeTag = (utcMs: number): string => isoUtc(utcMs).slice(0, -1);

/** The message as KVN text (positions to 1 mm, velocities to 1 um/s). */
export function formatOem(message: OemMessage): string {
  const lines = ['CCSDS_OEM_VERS = 3.0', `CREATION_DATE = ${timeTag(message.creationUtcMs)}`, `ORIGINATOR = ${message.originator}`];
  for (const seg of message.segments) {
    const first = seg.states[0]!;
    const last = seg.states[seg.states.length - 1]!;
    const degree = Math.min(INTERPOLATION_DEGREE, seg.states.length - 1);
    lines.push(
      '',
      'META_START',
      ...seg.comments.map((c) => `COMMENT ${c}`),
      `OBJECT_NAME = ${seg.objectName}`,
      `OBJECT_ID = ${seg.objectId}`,
      'CENTER_NAME = EARTH',
      'REF_FRAME = TEME',
      'TIME_SYSTEM = UTC',
      `START_TIME = ${timeTag(first.utcMs)}`,
      `STOP_TIME = ${timeTag(last.utcMs)}`,
      ...(degree > 0 ? ['INTERPOLATION = LAGRANGE', `INTERPOLATION_DEGREE = ${degree}`] : []),
      'META_STOP',
      '',
    );
    for (const s of seg.states) {
      lines.push(`${timeTag(s.utcMs)} ${s.posKm.map((x) => x.toFixed(6)).join(' ')} ${s.velKmPerS.map((v) => v.toFixed(9)).join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
