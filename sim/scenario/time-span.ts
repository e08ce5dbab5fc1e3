/**
 * Times in a scenario: the simulated span (`start` plus `days` or `end`) and the conversion of any
 * time field (an ISO 8601 UTC string, or seconds after the start) to `tMs`, integer milliseconds
 * after the start.
 * @module
 */
import { DAY_MS, isoUtc, parseUtc } from '../orbit/time.js';
import { describeValue } from '../validation.js';
import type { ResolveContext } from './context.js';
import type { ScenarioDoc } from './schema.js';

/** Length of the span when neither `days` nor `end` is given, days. */
export const DEFAULT_DAYS = 7;
/** Longest span, days (the schema's limit on `days`, applied to `end` too). */
export const MAX_DAYS = 3660;

/** The simulated span, Unix ms (integers). */
export interface Span {
  readonly startUtcMs: number;
  readonly endUtcMs: number;
  readonly durationMs: number;
  /** Set when the length came from an override rather than the file, for messages. */
  readonly overrideDays?: number;
}

const ISO_EXAMPLE = 'an ISO 8601 UTC time such as 2016-12-19T16:00:00Z';

/**
 * Parses an ISO 8601 time into Unix ms, NaN when it is not a real calendar time. Stricter than
 * Date.parse, which turns 2016-02-30 into March 1 and 24:00 into the next day.
 */
export function parseScenarioTime(text: string): number {
  const ms = parseUtc(text);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text.trim());
  if (!m || !Number.isFinite(ms)) return Number.NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return Number.NaN;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return Number.NaN;
  return ms;
}

/**
 * The span of a scenario, or null when it cannot be decided (each reason is an issue in `ctx`).
 * `end` as a number means seconds after the start; neither `days` nor `end` means 7 days.
 */
export function resolveSpan(doc: Pick<ScenarioDoc, 'start' | 'days' | 'end'>, ctx: ResolveContext, overrideDays?: number): Span | null {
  const startUtcMs = typeof doc.start === 'string' ? parseScenarioTime(doc.start) : Number.NaN;
  if (!Number.isFinite(startUtcMs)) {
    ctx.issue('start', `expected ${ISO_EXAMPLE} (a real date and time), got ${describeValue(doc.start)}`);
  }
  if (doc.days !== undefined && doc.end !== undefined) {
    ctx.issue('end', `expected days or end, not both, got days ${doc.days} and end ${describeValue(doc.end)}`);
    return null;
  }
  if (!Number.isFinite(startUtcMs)) return null;
  let endUtcMs: number;
  if (doc.end === undefined) {
    endUtcMs = startUtcMs + Math.round((doc.days ?? DEFAULT_DAYS) * DAY_MS);
  } else {
    endUtcMs = typeof doc.end === 'number' ? startUtcMs + Math.round(doc.end * 1000) : parseScenarioTime(doc.end);
    if (!Number.isFinite(endUtcMs)) {
      ctx.issue('end', `expected ${ISO_EXAMPLE} (a real date and time) or seconds after the start, got ${describeValue(doc.end)}`);
      return null;
    }
    if (endUtcMs <= startUtcMs) {
      ctx.issue('end', `expected a time after the start (${isoUtc(startUtcMs)}), got ${describeValue(doc.end)}`);
      return null;
    }
    if (endUtcMs - startUtcMs > MAX_DAYS * DAY_MS) {
      const days = (endUtcMs - startUtcMs) / DAY_MS;
      ctx.issue('end', `expected at most ${MAX_DAYS} days after the start, got ${describeValue(doc.end)} (${days.toFixed(1)} days)`);
      return null;
    }
  }
  const span = { startUtcMs, endUtcMs, durationMs: endUtcMs - startUtcMs };
  return overrideDays === undefined ? span : { ...span, overrideDays };
}

/**
 * A time field as `tMs` (integer ms after the start), or null after recording an issue at `path`
 * when a string is not a real time. Range checks are the caller's.
 */
export function timeToMs(ref: string | number, span: Span, path: string, ctx: ResolveContext): number | null {
  if (typeof ref === 'number') return Math.round(ref * 1000);
  const utcMs = parseScenarioTime(ref);
  if (!Number.isFinite(utcMs)) {
    ctx.issue(path, `expected ${ISO_EXAMPLE} (a real date and time) or seconds after the start, got ${describeValue(ref)}`);
    return null;
  }
  return Math.round(utcMs - span.startUtcMs);
}

/** `from 2016-12-19T00:00:00.000Z to 2016-12-26T00:00:00.000Z (0 to 604800 s after the start)`. */
export function describeSpan(span: Span): string {
  const note = span.overrideDays === undefined ? '' : `; days ${span.overrideDays} set by the override`;
  return `from ${isoUtc(span.startUtcMs)} to ${isoUtc(span.endUtcMs)} (0 to ${span.durationMs / 1000} s after the start${note})`;
}
