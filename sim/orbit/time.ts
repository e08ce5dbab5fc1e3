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

/** `YYYY-MM-DDT` of the last day formatted, and that day's number (runs format many times a day). */
let cachedDay = Number.NaN;
let cachedDayText = '';
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
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const inDay = ms - day * DAY_MS;
  const milli = inDay % 1000;
  const { seconds, millis } = timeTables();
  return cachedDayText + seconds[(inDay - milli) / 1000]! + millis[milli]!;
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

/** Parses an ISO 8601 UTC time (a bare date means 00:00 UTC) into Unix ms; NaN when invalid. */
export function parseUtc(text: string): number {
  const t = text.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return Number.NaN;
  return Date.parse(iso);
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
