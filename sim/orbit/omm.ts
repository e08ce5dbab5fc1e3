/**
 * CCSDS Orbit Mean-Elements Messages (OMM, CCSDS 502.0-B-3 section 4): the record qkdsim reads,
 * and the one validation every encoding goes through. The JSON (omm-json.ts), XML (omm-xml.ts) and
 * KVN (omm-kvn.ts) readers only turn their syntax into a map of keyword -> value text with a place
 * for each keyword; {@link checkOmmFields} then checks the keywords, the SGP4 conventions of a
 * TLE-based OMM (502.0-B-3 4.2.4.6) and the epoch, so that the three encodings accept and refuse
 * exactly the same element sets and produce the same {@link OmmRecord}.
 * @module
 */
import type { InputIssue } from '../errors.js';
import { parseUtc } from './time.js';
import type { ElementSet } from './tle.js';

/** OMM fields qkdsim reads (CCSDS 502.0-B-3 table 4-3 names, as CelesTrak's JSON uses them). */
export interface OmmRecord {
  readonly OBJECT_NAME: string;
  readonly OBJECT_ID: string;
  /** The epoch as ISO 8601 calendar UTC with a `Z` (day-of-year epochs are converted). */
  readonly EPOCH: string;
  readonly MEAN_MOTION: number;
  readonly ECCENTRICITY: number;
  readonly INCLINATION: number;
  readonly RA_OF_ASC_NODE: number;
  readonly ARG_OF_PERICENTER: number;
  readonly MEAN_ANOMALY: number;
  readonly EPHEMERIS_TYPE: number;
  readonly CLASSIFICATION_TYPE: string;
  readonly NORAD_CAT_ID: number;
  readonly ELEMENT_SET_NO: number;
  readonly REV_AT_EPOCH: number;
  readonly BSTAR: number;
  readonly MEAN_MOTION_DOT: number;
  readonly MEAN_MOTION_DDOT: number;
}

/** One OMM as a reader found it: each keyword's value (text, or a JSON number) and where it is. */
export interface OmmFields {
  readonly values: ReadonlyMap<string, unknown>;
  /**
   * Where a keyword is, or would be when missing: its path (which names it) and, in line-oriented
   * encodings, its line (the message's first line when missing).
   */
  at(keyword: string): Omit<InputIssue, 'message'>;
  /** The 1-based line where the message starts (line-oriented encodings only). */
  readonly line?: number;
}

/** Numeric keywords SGP4 needs: [keyword, min, max, max exclusive]. */
const NUMBER_FIELDS: ReadonlyArray<readonly [keyof OmmRecord, number, number, boolean]> = [
  ['MEAN_MOTION', 0.05, 20, false],
  ['ECCENTRICITY', 0, 1, true],
  ['INCLINATION', 0, 180, false],
  ['RA_OF_ASC_NODE', 0, 360, true],
  ['ARG_OF_PERICENTER', 0, 360, true],
  ['MEAN_ANOMALY', 0, 360, true],
  ['NORAD_CAT_ID', 1, 999_999_999, false],
  ['BSTAR', -1, 1, false],
  ['MEAN_MOTION_DOT', -1, 1, false],
  ['MEAN_MOTION_DDOT', -1, 1, false],
];

/** Optional integer keywords with their defaults (502.0-B-3 table 4-3). */
const OPTIONAL_INTEGERS: ReadonlyArray<readonly [keyof OmmRecord, number]> = [
  ['EPHEMERIS_TYPE', 0],
  ['ELEMENT_SET_NO', 999],
  ['REV_AT_EPOCH', 0],
];

/**
 * Metadata a TLE-based OMM must carry when it gives it (502.0-B-3 4.2.4.6). CelesTrak's JSON leaves
 * these out, so they are checked only when present. MEAN_ELEMENT_THEORY names SGP4 in the
 * spellings in use (the standard's figure G-7 writes `SGP/SGP4`); SGP4-XP and other theories have
 * elements SGP4 would misread.
 */
const METADATA: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['CENTER_NAME', ['EARTH']],
  ['REF_FRAME', ['TEME']],
  ['TIME_SYSTEM', ['UTC']],
  ['MEAN_ELEMENT_THEORY', ['SGP4', 'SGP/SGP4', 'SDP4', 'SGP4/SDP4']],
];

/** Keywords of other mean-element theories that SGP4 cannot use, and what to give instead. */
const OTHER_THEORY: Readonly<Record<string, string>> = {
  SEMI_MAJOR_AXIS: 'MEAN_MOTION (SGP4 elements give the mean motion, 502.0-B-3 4.2.4.6)',
  BTERM: 'BSTAR (BTERM belongs to SGP4-XP)',
  AGOM: 'MEAN_MOTION_DDOT (AGOM belongs to SGP4-XP)',
};

/** CCSDS time: calendar `YYYY-MM-DDThh:mm:ss[.f][Z]` or day-of-year `YYYY-DDDThh:mm:ss[.f][Z]` (502.0-B-3 7.5.10). */
const CCSDS_TIME = /^(\d{4})-(?:(\d{2})-(\d{2})|(\d{3}))T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/;

/**
 * Unix ms of a CCSDS ODM time tag in UTC, keeping digits below the millisecond (an OMM epoch is
 * often given to the microsecond: 1 ms is 7.6 m along a LEO orbit). NaN when the text is not such a
 * time or names a day that does not exist. The calendar part goes through time.ts's parseUtc, the
 * one UTC parser, so a stricter parser there applies here too.
 */
export function parseCcsdsTimeMs(text: string): number {
  const m = CCSDS_TIME.exec(text.trim());
  if (!m) return Number.NaN;
  const [, year, month, day, doy, hh, mm, ss, frac] = m;
  let date: string;
  if (doy !== undefined) {
    const d = Number(doy);
    const leap = (Number(year) % 4 === 0 && Number(year) % 100 !== 0) || Number(year) % 400 === 0;
    if (d < 1 || d > (leap ? 366 : 365)) return Number.NaN;
    date = new Date(Date.UTC(Number(year), 0, d)).toISOString().slice(0, 10);
  } else {
    date = `${year}-${month}-${day}`;
    // Date.UTC rolls 2021-02-30 over to March: a day that does not exist is refused here.
    const probe = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (probe.getUTCMonth() !== Number(month) - 1 || probe.getUTCDate() !== Number(day)) return Number.NaN;
  }
  const wholeMs = parseUtc(`${date}T${hh}:${mm}:${ss}Z`);
  const fractionMs = frac === undefined ? 0 : Number(`0${frac}`) * 1000;
  return wholeMs + fractionMs;
}

/** ISO 8601 calendar UTC of a CCSDS time (day-of-year converted), keeping the digits as given. */
function calendarEpoch(text: string, utcMs: number): string {
  const m = CCSDS_TIME.exec(text.trim())!;
  const frac = m[8] ?? '';
  return `${new Date(Math.floor(utcMs / 1000) * 1000).toISOString().slice(0, 19)}${frac}Z`;
}

/** A value as a number: JSON numbers as they are, text when it is a plain decimal or exponent number. */
function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : Number.NaN;
}

const shown = (v: unknown): string => JSON.stringify(v);

/**
 * Checks one OMM and builds its element set: the one place where OMM content is validated, whatever
 * the encoding. Every problem is returned (none thrown), each at the keyword's own place.
 * @param index the message's position in its file (0-based)
 */
export function checkOmmFields(fields: OmmFields, file: string, index: number): { set?: ElementSet; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  const v = fields.values;
  const at = (keyword: string, message: string): InputIssue => ({ ...fields.at(keyword), message });
  for (const [keyword, allowed] of METADATA) {
    const value = v.get(keyword);
    if (value === undefined) continue;
    const text = String(value).trim();
    if (!allowed.some((a) => a.toUpperCase() === text.toUpperCase())) {
      issues.push(at(keyword, `expected ${allowed.join(' or ')} for SGP4 mean elements (CCSDS 502.0-B-3 4.2.4.6), got ${shown(value)}`));
    }
  }
  for (const [keyword, instead] of Object.entries(OTHER_THEORY)) {
    if (v.has(keyword)) issues.push(at(keyword, `not usable by SGP4: expected ${instead}`));
  }
  const numbers = new Map<string, number>();
  for (const [keyword, min, max, exclusive] of NUMBER_FIELDS) {
    const value = v.get(keyword);
    const range = `a number in [${min}, ${max}${exclusive ? ')' : ']'}`;
    const n = numberOf(value);
    if (value === undefined) issues.push(at(keyword, `missing required field (expected ${range})`));
    else if (!Number.isFinite(n) || n < min || (exclusive ? n >= max : n > max)) issues.push(at(keyword, `expected ${range} but got ${shown(value)}`));
    else numbers.set(keyword, n);
  }
  for (const [keyword, fallback] of OPTIONAL_INTEGERS) {
    const value = v.get(keyword);
    const n = value === undefined ? fallback : numberOf(value);
    if (!Number.isInteger(n) || n < 0) issues.push(at(keyword, `expected an integer >= 0 but got ${shown(value)}`));
    else numbers.set(keyword, n);
  }
  const epochText = v.get('EPOCH');
  const epochMs = typeof epochText === 'string' ? parseCcsdsTimeMs(epochText) : Number.NaN;
  if (!Number.isFinite(epochMs)) {
    const got = epochText === undefined ? 'nothing' : shown(epochText);
    issues.push(at('EPOCH', `expected a UTC time such as "2016-12-18T21:38:11.330592" or "2020-064T10:34:41.4264" but got ${got}`));
  }
  const name = v.get('OBJECT_NAME');
  if (typeof name !== 'string' || name.trim() === '') issues.push(at('OBJECT_NAME', `expected a name but got ${name === undefined ? 'nothing' : shown(name)}`));
  const classification = v.get('CLASSIFICATION_TYPE');
  if (classification !== undefined && (typeof classification !== 'string' || !/^[A-Z]$/.test(classification.trim()))) {
    issues.push(at('CLASSIFICATION_TYPE', `expected one capital letter such as U but got ${shown(classification)}`));
  }
  if (issues.length > 0) return { issues };
  const num = (k: keyof OmmRecord): number => numbers.get(k)!;
  const objectId = v.get('OBJECT_ID');
  const omm: OmmRecord = {
    OBJECT_NAME: String(name).trim(),
    OBJECT_ID: typeof objectId === 'string' ? objectId.trim() : '',
    EPOCH: calendarEpoch(epochText as string, epochMs),
    MEAN_MOTION: num('MEAN_MOTION'),
    ECCENTRICITY: num('ECCENTRICITY'),
    INCLINATION: num('INCLINATION'),
    RA_OF_ASC_NODE: num('RA_OF_ASC_NODE'),
    ARG_OF_PERICENTER: num('ARG_OF_PERICENTER'),
    MEAN_ANOMALY: num('MEAN_ANOMALY'),
    EPHEMERIS_TYPE: num('EPHEMERIS_TYPE'),
    CLASSIFICATION_TYPE: typeof classification === 'string' ? classification.trim() : 'U',
    NORAD_CAT_ID: num('NORAD_CAT_ID'),
    ELEMENT_SET_NO: num('ELEMENT_SET_NO'),
    REV_AT_EPOCH: num('REV_AT_EPOCH'),
    BSTAR: num('BSTAR'),
    MEAN_MOTION_DOT: num('MEAN_MOTION_DOT'),
    MEAN_MOTION_DDOT: num('MEAN_MOTION_DDOT'),
  };
  const set: ElementSet = {
    name: omm.OBJECT_NAME,
    catalogNumber: String(omm.NORAD_CAT_ID).padStart(5, '0'),
    epochUtcMs: epochMs,
    inclinationDeg: omm.INCLINATION,
    eccentricity: omm.ECCENTRICITY,
    meanMotionRevPerDay: omm.MEAN_MOTION,
    source: { file, index, ...(fields.line !== undefined ? { line: fields.line } : {}) },
    omm,
  };
  return { set, issues: [] };
}
