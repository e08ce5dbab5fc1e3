/**
 * Time conversions. qkdsim's orbit code works in UTC milliseconds since the Unix epoch (`utcMs`);
 * the event engine works in integer milliseconds since a scenario's start (`tMs`). This file is the
 * one place that converts between them and to Julian dates, and it formats times for output.
 *
 * UT1 is taken equal to UTC (|UT1 - UTC| < 0.9 s), as satellite.js and the SGP4 reference code do:
 * the pass oracle in test/reference/ was produced under the same convention.
 * @module
 */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
/** Milliseconds in one minute. */
export const MINUTE_MS = 60_000;
/** Julian date of the Unix epoch 1970-01-01T00:00:00Z. */
export const UNIX_EPOCH_JD = 2_440_587.5;

/** Julian date (UTC, used as UT1) of a Unix-millisecond instant. */
export function utcMsToJd(utcMs: number): number {
  return UNIX_EPOCH_JD + utcMs / DAY_MS;
}

/** Unix milliseconds of a Julian date. */
export function jdToUtcMs(jd: number): number {
  return (jd - UNIX_EPOCH_JD) * DAY_MS;
}

/** `YYYY-MM-DDT` of the days formatted lately, by day number (a run formats many times a day, and
 * alternates between a few days: a pass's own and its element set's epoch). Cleared when large. */
const dayTexts = new Map<number, string>();
let lastDay = NaN;
let lastDayText = '';
/** `HH:MM:SS.` for each second of the day, and `mmmZ` for each millisecond: built on first use. */
let secondTexts: string[] | null = null;
let milliTexts: string[] | null = null;

function timeTables(): { seconds: string[]; millis: string[] } {
  if (!secondTexts || !milliTexts) {
    const two = (n: number): string => String(n).padStart(2, '0');
    secondTexts = Array.from({ length: 86_400 }, (_, s) => `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}.`);
    milliTexts = Array.from({ length: 1000 }, (_, m) => `${String(m).padStart(3, '0')}Z`);
  }
  return { seconds: secondTexts, millis: milliTexts };
}

/**
 * ISO 8601 UTC with milliseconds and `Z`, e.g. `2016-12-19T16:52:14.123Z` (rounded to the ms): what
 * Date.prototype.toISOString gives, without a Date per call. The date part comes from Date once per
 * day and is remembered; the time of day is looked up (a run formats hundreds of thousands of
 * times). Instants outside years 0000-9999, where toISOString writes a six-digit year, go through Date.
 */
export function isoUtc(utcMs: number): string {
  const ms = Math.round(utcMs);
  if (!(ms >= -62_167_219_200_000 && ms < 253_402_300_800_000)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  // The day of the previous call first (consecutive times mostly share a day), then the table.
  let dayText = day === lastDay ? lastDayText : dayTexts.get(day);
  if (dayText === undefined) {
    if (dayTexts.size >= 4096) dayTexts.clear();
    dayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayTexts.set(day, dayText);
  }
  lastDay = day;
  lastDayText = dayText;
  const inDay = ms - day * DAY_MS;
  const milli = inDay % 1000;
  const { seconds, millis } = timeTables();
  return dayText + seconds[(inDay - milli) / 1000]! + millis[milli]!;
}

/** Floors a Unix-ms instant to 00:00 UTC of its day. */
export function floorToUtcDay(utcMs: number): number {
  return Math.floor(utcMs / DAY_MS) * DAY_MS;
}

/** Sim time (integer ms since `startUtcMs`) to Unix ms. */
export function simToUtcMs(tMs: number, startUtcMs: number): number {
  return startUtcMs + tMs;
}

/** Unix ms to sim time, rounded to the nearest integer millisecond. */
export function utcToSimMs(utcMs: number, startUtcMs: number): number {
  return Math.round(utcMs - startUtcMs);
}

/** Outcome of {@link parseUtcStrict}: the instant, or why the text is not one. */
export type UtcParse = { readonly ok: true; readonly utcMs: number } | { readonly ok: false; readonly reason: string };

/** `2016-12-19`, or `2016-12-19T16:52[:14[.5]]` with `Z` or an offset `+08:00` / `+0800`. */
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in a month of the proleptic Gregorian calendar (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The one parser of dates and times in qkdsim (scenario and study fields, OMM EPOCH, command-line
 * flags, API queries): ISO 8601 in UTC or with an explicit offset; a bare date means 00:00 UTC.
 * Stricter than Date.parse, which rolls impossible dates over without a word (2021-02-30 becomes
 * March 2, 24:00 the next day): every field must name a real instant. A leap second (:60) is refused
 * too: Unix milliseconds, qkdsim's time scale, have no leap seconds. Fractions of a millisecond are
 * dropped, as Date.parse drops them.
 */
export function parseUtcStrict(text: string): UtcParse {
  const m = ISO_UTC.exec(text.trim());
  if (!m) return { ok: false, reason: 'not in the form YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.sss]]Z' };
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (m[4] !== undefined && m[8] === undefined) return { ok: false, reason: 'a time needs Z or an offset such as +08:00' };
  if (month < 1 || month > 12) return { ok: false, reason: `month ${m[2]} is not in 01-12` };
  const monthDays = daysInMonth(year, month);
  if (day < 1 || day > monthDays) return { ok: false, reason: `${MONTHS[month - 1]} ${year} has ${monthDays} days, got day ${m[3]}` };
  if (hour > 23) return { ok: false, reason: `hour ${m[4]} is not in 00-23${hour === 24 ? '; write 00:00 of the next day' : ''}` };
  if (minute > 59) return { ok: false, reason: `minute ${m[5]} is not in 00-59` };
  if (second > 59) return { ok: false, reason: `second ${m[6]} is not in 00-59${second === 60 ? '; Unix milliseconds have no leap seconds' : ''}` };
  let offsetMin = 0;
  if (m[9] !== undefined) {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 23 || om > 59) return { ok: false, reason: `offset ${m[9]}${m[10]}:${m[11]} is not a UTC offset (hours 00-23, minutes 00-59)` };
    offsetMin = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  // setUTCFullYear, not Date.UTC, which reads the years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return { ok: true, utcMs: date.getTime() - offsetMin * MINUTE_MS };
}

/** {@link parseUtcStrict} as a number: Unix ms, or NaN when the text is not a real instant. */
export function parseUtc(text: string): number {
  const parsed = parseUtcStrict(text);
  return parsed.ok ? parsed.utcMs : Number.NaN;
}

/**
 * Launch of Sputnik 1, 1957-10-04T19:28:34Z (NASA NSSDCA, object 1957-001B): no element set can
 * have an earlier epoch, and no scenario has anything in orbit before it.
 */
export const FIRST_SATELLITE_UTC_MS = Date.UTC(1957, 9, 4, 19, 28, 34);
/**
 * Latest instant qkdsim simulates: 2200-01-01. Earth orientation here is the IAU 1982 GMST
 * polynomial with UT1 taken as UTC (see the module comment): both are fitted to and kept near the
 * present (the polynomial in centuries from J2000, |UT1 - UTC| < 0.9 s only while leap seconds are
 * inserted), so dates centuries away would be computed without meaning.
 */
export const LAST_SIMULATED_UTC_MS = Date.UTC(2200, 0, 1);

/** Why an instant is outside the range qkdsim simulates, or null when it is inside. */
export function simulatedRangeProblem(utcMs: number): string | null {
  if (utcMs < FIRST_SATELLITE_UTC_MS) return `before the first satellite (Sputnik 1, launched ${isoUtc(FIRST_SATELLITE_UTC_MS)})`;
  if (utcMs >= LAST_SIMULATED_UTC_MS) return `at or after ${isoUtc(LAST_SIMULATED_UTC_MS)} (the Earth-orientation model is kept near the present)`;
  return null;
}

/** Two-digit TLE epoch year to a full year (57-99 -> 19xx, 00-56 -> 20xx; NORAD convention). */
export function tleYear(twoDigitYear: number): number {
  return twoDigitYear < 57 ? 2000 + twoDigitYear : 1900 + twoDigitYear;
}

/** Unix ms of a TLE epoch given its full year and fractional day of year (1.0 = Jan 1 00:00). */
export function tleEpochToUtcMs(year: number, dayOfYear: number): number {
  return Date.UTC(year, 0, 1) + (dayOfYear - 1) * DAY_MS;
}

/** Unix ms of the J2000.0 epoch, 2000-01-01T12:00:00 (UT1 taken as UTC). */
export const J2000_UTC_MS = Date.UTC(2000, 0, 1, 12);
const SECONDS_PER_DAY = 86_400;

/**
 * Greenwich mean sidereal time, radians in [0, 2 pi): IAU 1982 (Vallado 2004, eq. 3-45), the
 * formula of the SGP4 reference code and satellite.js `gstime`, evaluated from milliseconds so that
 * nearby instants differ smoothly (a Julian date in one double is quantised to ~40 us). The
 * 876600 h x T term equals the seconds elapsed since J2000, so it is reduced modulo a day exactly.
 */
export function gmst1982Rad(utcMs: number): number {
  const dMs = utcMs - J2000_UTC_MS;
  const t = dMs / (36_525 * DAY_MS);
  const daySeconds = ((dMs % DAY_MS) + DAY_MS) % DAY_MS / 1000;
  let seconds = 67_310.54841 + daySeconds + 8_640_184.812866 * t + 0.093104 * t * t - 6.2e-6 * t * t * t;
  seconds %= SECONDS_PER_DAY;
  if (seconds < 0) seconds += SECONDS_PER_DAY;
  return (seconds / SECONDS_PER_DAY) * 2 * Math.PI;
}
